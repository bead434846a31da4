package io.httppool.testapps.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code keytool} of the JDK this code runs on, in a working directory. */
final class Keytool {

  private static final long TIMEOUT_SECONDS = 120;
  // keytool is a short-lived JVM: the C1-only, serial-GC setup starts about twice as fast
  private static final List<String> FAST_START = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC");

  private final Path workDirectory;

  Keytool(Path workDirectory) {
    this.workDirectory = workDirectory;
  }

  void run(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(executable().toString());
    command.addAll(FAST_START);
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile(workDirectory, "keytool-", ".log");
    Process process = new ProcessBuilder(command)
        .directory(workDirectory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    // no answers to give: an unexpected prompt must end with EOF, not hang
    process.getOutputStream().close();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool timed out: " + command);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException("keytool failed with exit code " + process.exitValue() + ": " + command + "\n"
          + Files.readString(output, StandardCharsets.UTF_8));
    }
    Files.delete(output);
  }

  private static Path executable() {
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    Path unix = bin.resolve("keytool");
    return Files.exists(unix) ? unix : bin.resolve("keytool.exe");
  }
}
