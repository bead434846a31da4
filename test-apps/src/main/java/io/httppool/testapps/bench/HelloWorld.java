package io.httppool.testapps.bench;

import java.lang.management.ManagementFactory;

/** The startup benchmark's application: prints one line, and how many classes the JVM loaded, and exits. */
public final class HelloWorld {
  private HelloWorld() {}

  public static void main(String[] args) {
    System.out.println("hello");
    System.out.println("RESULT loadedClasses=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
  }
}
