package io.httppool.testapps.compatibility;

import java.util.Optional;
import java.util.stream.Stream;

/** Where the gate reads class files from: one tested jar set, or one JDK's runtime image. */
interface ClassSource {
  /** How a failure names this source, e.g. {@code OkHttp 3.14.9 (jar set okhttp3)}. */
  String describe();

  /** The class file of an internal name ({@code okhttp3/OkHttpClient}), if this source (or the JDK) has it. */
  Optional<byte[]> classFile(String internalName);

  /** Internal names of every class this source holds under one package prefix ({@code okhttp3/}). */
  Stream<String> classesUnder(String packagePrefix);
}
