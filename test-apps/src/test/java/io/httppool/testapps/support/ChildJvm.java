package io.httppool.testapps.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.httppool.testapps.families.JarSet;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a main class in a fresh JVM, optionally with the agent, and waits for it with a hard timeout.
 * The classpath starts with the test apps' classes. Typical use:
 * <pre>{@code
 * ChildJvmResult result = ChildJvm.on(jdk).withAgent().libraries(JarSet.OKHTTP4)
 *         .systemProperty("target", server.url("/hello"))
 *         .run("io.httppool.testapps.SomeApp")
 *         .assertSuccess();
 * }</pre>
 */
public final class ChildJvm {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration REAP_TIMEOUT = Duration.ofSeconds(10);
  // inherited, these would print "Picked up ..." on stderr and could attach agents or options we did not ask for
  private static final List<String> INTERFERING_VARIABLES =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH");
  /**
   * A child runs for seconds, most of them startup: without the C2 compiler, with the serial collector and without
   * the perf-data file it needs about 40% less CPU, which on a small shared machine is the suite's wall time.
   * What the apps do does not depend on the compiler or collector; runs whose timings are compared opt out.
   */
  private static final List<String> SHORT_RUN_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

  private final Jdk jdk;
  private final List<Path> classpath = new ArrayList<>();
  private final List<String> jvmArguments = new ArrayList<>();
  private final Map<String, String> systemProperties = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Path agentJar;
  private String agentOptions;
  private final List<Path> otherAgentsFirst = new ArrayList<>();
  private final List<Path> otherAgentsAfter = new ArrayList<>();
  private Duration timeout = DEFAULT_TIMEOUT;
  private String name;
  private boolean shortRunOptions = true;

  private ChildJvm(Jdk jdk) {
    this.jdk = jdk;
    classpath.add(TestPaths.appsClasses());
  }

  public static ChildJvm on(Jdk jdk) {
    if (!jdk.isPresent()) {
      throw new IllegalArgumentException(jdk + " is not installed at " + jdk.home());
    }
    return new ChildJvm(jdk);
  }

  /** Attaches the agent built by this project (system property {@code httppool.agent.jar}). */
  public ChildJvm withAgent() {
    return withAgent(TestPaths.agentJar());
  }

  public ChildJvm withAgent(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("agent jar " + jar + " does not exist: build the agent module first");
    }
    this.agentJar = jar;
    return this;
  }

  /**
   * Attaches another Java agent whose {@code -javaagent} comes before httppool's, so its premain runs first (like
   * the OpenTelemetry Java agent listed first). Several are attached in the order given.
   */
  public ChildJvm withOtherAgentFirst(Path jar) {
    otherAgentsFirst.add(existingJar(jar));
    return this;
  }

  /** Attaches another Java agent whose {@code -javaagent} comes after httppool's, so its premain runs later. */
  public ChildJvm withOtherAgentAfter(Path jar) {
    otherAgentsAfter.add(existingJar(jar));
    return this;
  }

  private static Path existingJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("agent jar " + jar + " does not exist");
    }
    return jar;
  }

  /** The text after {@code =} in {@code -javaagent:jar=options}. */
  public ChildJvm agentOptions(String options) {
    this.agentOptions = options;
    return this;
  }

  public ChildJvm systemProperty(String key, String value) {
    systemProperties.put(key, value);
    return this;
  }

  public ChildJvm environment(String variable, String value) {
    environment.put(variable, value);
    return this;
  }

  /** Any other JVM option, e.g. {@code -Xmx64m}. */
  public ChildJvm jvmArgument(String argument) {
    jvmArguments.add(argument);
    return this;
  }

  /** Runs the child with the JDK's default compilers and collector, for runs whose timings are compared. */
  public ChildJvm withDefaultJvmOptions() {
    this.shortRunOptions = false;
    return this;
  }

  public ChildJvm classpath(Path entry) {
    classpath.add(entry);
    return this;
  }

  /** Adds every jar of one tested version of a client library. */
  public ChildJvm libraries(JarSet set) {
    return libraries(set.dir());
  }

  /** Adds every jar of {@code ${httppool.libs.dir}/<set>}, e.g. {@code okhttp4} or {@code fw-jersey}. */
  public ChildJvm libraries(String set) {
    Path dir = TestPaths.libsDir().resolve(set);
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
      if (jars.isEmpty()) {
        throw new IllegalStateException("no jars in " + dir);
      }
      classpath.addAll(jars);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list library set " + set + " in " + dir, e);
    }
    return this;
  }

  /** After this the process tree is killed and the test fails; default {@link #DEFAULT_TIMEOUT}. */
  public ChildJvm timeout(Duration limit) {
    this.timeout = limit;
    return this;
  }

  /** Names the output directory; defaults to the main class's simple name. */
  public ChildJvm name(String runName) {
    this.name = runName;
    return this;
  }

  /** Starts the JVM and waits for it to exit; fails the test if it outlives the timeout. */
  public ChildJvmResult run(String mainClass, String... arguments) {
    List<String> command = command(mainClass, arguments);
    String description = describe(mainClass);
    try {
      Path outputs = Files.createTempDirectory(Files.createDirectories(TestPaths.workDir().resolve("jvms")),
          description + "-");
      Files.writeString(outputs.resolve("command.txt"), String.join("\n", command) + "\n");
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(outputs.resolve("stdout.txt").toFile())
          .redirectError(outputs.resolve("stderr.txt").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      INTERFERING_VARIABLES.forEach(builder.environment()::remove);
      builder.environment().putAll(environment);
      return await(builder, description, outputs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + description, e);
    }
  }

  private ChildJvmResult await(ProcessBuilder builder, String description, Path outputs) throws IOException {
    long start = System.nanoTime();
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroyTree(process);
        fail(description + " did not finish within " + timeout + "; killed it\n"
            + ChildJvmResult.outputTails(read(outputs, "stdout.txt"), read(outputs, "stderr.txt"), outputs));
      }
      long exitedAt = System.currentTimeMillis();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      return new ChildJvmResult(description, process.exitValue(), read(outputs, "stdout.txt"),
          read(outputs, "stderr.txt"), outputs, took, exitedAt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + description, e);
    } finally {
      if (process.isAlive()) {
        destroyTree(process);
      }
    }
  }

  private List<String> command(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(jdk.javaExecutable().toString());
    otherAgentsFirst.forEach(jar -> command.add("-javaagent:" + jar));
    if (agentJar != null) {
      command.add("-javaagent:" + agentJar + (agentOptions == null ? "" : "=" + agentOptions));
    }
    otherAgentsAfter.forEach(jar -> command.add("-javaagent:" + jar));
    if (shortRunOptions) {
      command.addAll(SHORT_RUN_OPTIONS);
    }
    command.addAll(jvmArguments);
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add(mainClass);
    command.addAll(List.of(arguments));
    return command;
  }

  private String describe(String mainClass) {
    String base = name != null ? name : mainClass.substring(mainClass.lastIndexOf('.') + 1);
    return base.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + jdk.name().toLowerCase(Locale.ROOT);
  }

  private static void destroyTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(REAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String read(Path outputs, String file) throws IOException {
    // lenient decoding: a child printing broken UTF-8 must not hide the rest of its output
    return new String(Files.readAllBytes(outputs.resolve(file)), StandardCharsets.UTF_8);
  }

  private static File nullDevice() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
