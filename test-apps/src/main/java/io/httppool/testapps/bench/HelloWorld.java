package io.httppool.testapps.bench;

/** The startup benchmark's application: prints one line and exits. */
public final class HelloWorld {
  private HelloWorld() {}

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
