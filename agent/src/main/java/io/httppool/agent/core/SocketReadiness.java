package io.httppool.agent.core;

import java.io.FileDescriptor;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.SocketImpl;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the operating system, without waiting, whether anything has arrived on an idle socket: bytes, the peer's
 * close or a reset. Java has no public way to ask that of a {@link Socket}: a read waits at least the 1 ms of
 * its shortest timeout, which on a connection that is still open (the common case) is 1 ms added to the request.
 * The JDK's own {@code sun.nio.ch.Net.poll} with a timeout of 0 answers at once; {@link #enable} opens it (and
 * the socket's file descriptor) to the agent, and where that fails (another JVM, a socket of another kind) the
 * answer is "unknown" and the probe waits as before. A request that is not retried asks this before every reuse,
 * so the JDK's members are called through method handles of exact types: no argument array, no boxing, no
 * reflective dispatch per call.
 */
public final class SocketReadiness {
  private static final Logger log = LoggerFactory.getLogger(SocketReadiness.class);
  private static volatile SocketReadiness instance;

  /** {@code (FileDescriptor, int, long) int}: the JDK's poll of one descriptor. */
  private final MethodHandle poll;
  private final int pollIn;
  /** {@code (Socket) SocketImpl}. */
  private final MethodHandle socketImpl;
  /** {@code (SocketImpl) FileDescriptor}. */
  private final MethodHandle fileDescriptor;
  /** {@code (Socket) Socket}: the plain socket under a layered TLS socket; null where the JDK has no such field. */
  private final MethodHandle layeredOver;
  private final Class<?> tlsSocketBase;

  private SocketReadiness(MethodHandle poll, int pollIn, MethodHandle socketImpl, MethodHandle fileDescriptor,
      MethodHandle layeredOver, Class<?> tlsSocketBase) {
    this.poll = poll;
    this.pollIn = pollIn;
    this.socketImpl = socketImpl;
    this.fileDescriptor = fileDescriptor;
    this.layeredOver = layeredOver;
    this.tlsSocketBase = tlsSocketBase;
  }

  /**
   * Opens what the check needs, once; a JVM that refuses keeps the waiting probe. Without {@code instrumentation}
   * nothing is opened: what the JVM already opens to the agent decides.
   */
  public static synchronized void enable(Instrumentation instrumentation) {
    if (instance != null) {
      return;
    }
    try {
      openToAgent(instrumentation, "sun.nio.ch", "java.net", "sun.security.ssl");
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      Class<?> net = Class.forName("sun.nio.ch.Net");
      Method poll = net.getDeclaredMethod("poll", FileDescriptor.class, int.class, long.class);
      poll.setAccessible(true);
      Field pollInField = net.getDeclaredField("POLLIN");
      pollInField.setAccessible(true);
      Field socketImpl = Socket.class.getDeclaredField("impl");
      socketImpl.setAccessible(true);
      Method fileDescriptor = SocketImpl.class.getDeclaredMethod("getFileDescriptor");
      fileDescriptor.setAccessible(true);
      Class<?> tlsSocketBase = null;
      MethodHandle layeredOver = null;
      try {
        tlsSocketBase = Class.forName("sun.security.ssl.BaseSSLSocketImpl");
        Field self = tlsSocketBase.getDeclaredField("self");
        self.setAccessible(true);
        layeredOver = lookup.unreflectGetter(self).asType(MethodType.methodType(Socket.class, Socket.class));
      } catch (ReflectiveOperationException | RuntimeException noLayeredTls) {
        tlsSocketBase = null;
        layeredOver = null;
      }
      instance = new SocketReadiness(
          lookup.unreflect(poll).asType(MethodType.methodType(int.class, FileDescriptor.class, int.class, long.class)),
          ((Number) pollInField.get(null)).intValue(),
          lookup.unreflectGetter(socketImpl).asType(MethodType.methodType(SocketImpl.class, Socket.class)),
          lookup.unreflect(fileDescriptor).asType(MethodType.methodType(FileDescriptor.class, SocketImpl.class)),
          layeredOver, tlsSocketBase);
    } catch (Throwable e) {
      log.debug("idle connections are probed with a 1 ms read: the JDK's poll is not reachable ({})", e.toString());
    }
  }

  static boolean enabled() {
    return instance != null;
  }

  /**
   * {@link Boolean#TRUE} when nothing at all has arrived on the socket (so the peer has not closed it),
   * {@link Boolean#FALSE} when something has, null when this cannot be told without reading.
   */
  static Boolean nothingArrived(Socket socket) {
    SocketReadiness readiness = instance;
    return readiness == null ? null : readiness.ask(socket);
  }

  private Boolean ask(Socket socket) {
    try {
      Socket plain = socket;
      if (tlsSocketBase != null && tlsSocketBase.isInstance(socket)) {
        // bytes the TLS layer already decrypted are not on the socket any more
        if (socket.getInputStream().available() > 0) {
          return Boolean.FALSE;
        }
        plain = (Socket) layeredOver.invokeExact(socket);
      }
      SocketImpl impl = plain == null ? null : (SocketImpl) socketImpl.invokeExact(plain);
      FileDescriptor fd = impl == null ? null : (FileDescriptor) fileDescriptor.invokeExact(impl);
      if (fd == null || !fd.valid()) {
        return null;
      }
      int events = (int) poll.invokeExact(fd, pollIn, 0L);
      return events == 0 ? Boolean.TRUE : Boolean.FALSE;
    } catch (Throwable e) {
      return null;
    }
  }

  /** Java 9+: opens the packages of java.base to the agent's module; nothing to open on Java 8. */
  private static void openToAgent(Instrumentation instrumentation, String... packages) throws Exception {
    if (instrumentation == null) {
      return;
    }
    Method getModule;
    try {
      getModule = Class.class.getMethod("getModule");
    } catch (NoSuchMethodException java8) {
      return;
    }
    Class<?> moduleType = Class.forName("java.lang.Module");
    Object javaBase = getModule.invoke(Object.class);
    Object agent = getModule.invoke(SocketReadiness.class);
    Map<String, Set<Object>> opens = new java.util.HashMap<>();
    for (String name : packages) {
      opens.put(name, Collections.singleton(agent));
    }
    Method redefine = Instrumentation.class.getMethod("redefineModule", moduleType, Set.class, Map.class, Map.class,
        Set.class, Map.class);
    redefine.invoke(instrumentation, javaBase, Collections.emptySet(), Collections.emptyMap(), opens,
        Collections.emptySet(), Collections.emptyMap());
  }
}
