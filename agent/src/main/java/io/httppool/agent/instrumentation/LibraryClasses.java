package io.httppool.agent.instrumentation;

/** What a library version has, asked without loading more of it than the answer needs. */
public final class LibraryClasses {
  private LibraryClasses() {}

  /** Whether {@code loader} can load the class, without initializing it. */
  public static boolean present(String name, ClassLoader loader) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
