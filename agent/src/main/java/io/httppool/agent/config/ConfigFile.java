package io.httppool.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The properties file named by {@code httppool.config.file}. Its keys may be written with or without the
 * {@code httppool.} prefix.
 */
final class ConfigFile {
  private ConfigFile() {}

  /** Files the file's settings through the reader; a file that cannot be read costs one problem line. */
  static void readInto(RawValue fileName, PropertyKeyReader reader, Consumer<String> problems) {
    String path = fileName.text();
    Properties file = load(fileName, problems);
    // sorted so that problem lines come in a stable order
    for (String key : new TreeSet<>(file.stringPropertyNames())) {
      String unprefixed = withoutPrefix(key);
      RawValue value = new RawValue(key, file.getProperty(key), " in " + path);
      if (unprefixed.equals(Settings.CONFIG_FILE.key())) {
        problems.accept(ProblemLines.ignoredValue(value, "a config file cannot name another one"));
      } else {
        reader.read(unprefixed, value);
      }
    }
  }

  private static String withoutPrefix(String key) {
    return key.startsWith(PropertyKeyReader.PREFIX) ? key.substring(PropertyKeyReader.PREFIX.length()) : key;
  }

  private static Properties load(RawValue fileName, Consumer<String> problems) {
    Properties properties = new Properties();
    // a decoding reader, unlike Files.newBufferedReader, replaces bad bytes instead of failing the whole file
    try (InputStream in = Files.newInputStream(Paths.get(fileName.text()));
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      properties.load(reader);
      return properties;
    } catch (IOException | RuntimeException unreadable) {
      problems.accept("config file " + fileName.text() + " (from " + fileName.name() + ") cannot be read: "
          + reason(unreadable) + "; continuing without it");
      return new Properties();
    }
  }

  private static String reason(Exception unreadable) {
    if (unreadable instanceof NoSuchFileException) {
      return "no such file";
    }
    if (unreadable instanceof AccessDeniedException) {
      return "permission denied";
    }
    String message = unreadable.getMessage();
    return message == null ? unreadable.getClass().getSimpleName() : message;
  }
}
