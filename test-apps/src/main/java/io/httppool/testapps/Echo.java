package io.httppool.testapps;

import java.util.concurrent.CountDownLatch;

/**
 * Probe for the child-JVM harness. Prints {@code RESULT ok=true}, the Java version, and then acts on each
 * argument in order:
 * <ul>
 *   <li>{@code prop:NAME}: prints {@code RESULT prop.NAME=<system property NAME>}</li>
 *   <li>{@code env:NAME}: prints {@code RESULT env.NAME=<environment variable NAME>}</li>
 *   <li>{@code stderr:TEXT}: prints TEXT on standard error</li>
 *   <li>{@code exit:CODE}: exits with that code</li>
 *   <li>{@code hang}: blocks forever, so that the harness's timeout can be tested</li>
 * </ul>
 */
public final class Echo {

  private Echo() {
  }

  public static void main(String[] args) throws InterruptedException {
    result("ok", "true");
    result("java.version", System.getProperty("java.version"));
    result("java.specification.version", System.getProperty("java.specification.version"));
    for (String arg : args) {
      act(arg);
    }
    System.out.flush();
  }

  private static void act(String arg) throws InterruptedException {
    int colon = arg.indexOf(':');
    String command = colon < 0 ? arg : arg.substring(0, colon);
    String operand = colon < 0 ? "" : arg.substring(colon + 1);
    switch (command) {
      case "prop" -> result("prop." + operand, String.valueOf(System.getProperty(operand)));
      case "env" -> result("env." + operand, String.valueOf(System.getenv(operand)));
      case "stderr" -> System.err.println(operand);
      case "exit" -> {
        System.out.flush();
        System.exit(Integer.parseInt(operand));
      }
      case "hang" -> {
        System.out.flush();
        new CountDownLatch(1).await();
      }
      default -> throw new IllegalArgumentException("unknown argument: " + arg);
    }
  }

  private static void result(String key, String value) {
    System.out.println("RESULT " + key + "=" + value);
  }
}
