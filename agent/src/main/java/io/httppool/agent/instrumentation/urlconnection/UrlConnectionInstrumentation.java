package io.httppool.agent.instrumentation.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.instrumentation.HookBinder;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.bootstrap.JdkHttpInternals;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.Socket;
import java.net.URL;
import javax.net.ssl.SSLSocketFactory;
import net.bytebuddy.agent.builder.AgentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code HttpURLConnection} and {@code HttpsURLConnection} (JDK 8 to 25): the JDK's keep-alive cache is already
 * shared by the whole JVM; the agent observes it, sets its per-host idle cap and idle timeout, keeps it from
 * handing out connections the server has probably closed, and returns connections whose small response body the
 * application never reads. Advice goes into {@code java.base}
 * classes; besides the dispatcher, it sees only the JDK methods of {@link JdkHttpInternals}.
 */
public final class UrlConnectionInstrumentation implements InstrumentationModule {
  // hook ids: constants, so that javac copies them into the advice, which cannot see this class
  static final int ACQUIRING = 400;
  static final int ACQUIRING_TLS = 401;
  static final int ACQUIRED = 402;
  static final int CACHED_CLIENT_USABLE = 403;
  static final int CONNECTED = 404;
  static final int RELEASING = 405;
  static final int RELEASED = 406;
  static final int CLOSING = 407;
  static final int MAX_IDLE = 408;
  static final int KEEP_ALIVE_TIMEOUT = 409;
  static final int REQUEST_STARTING = 410;
  static final int RESPONDED = 411;
  static final int SHOULD_DRAIN = 412;
  static final int DRAINED = 413;
  static final int AWAITING_BODY = 414;
  static final int AWAIT_BODY = 415;
  static final int GUARD_STARTING = 416;
  static final int MAY_REUSE_CACHED = 417;
  static final int GUARD_ENDED = 418;
  static final int RESPONSE_PARSED = 419;
  static final int FIRST_DEFAULT_FACTORY = 420;

  private static final Logger log = LoggerFactory.getLogger(UrlConnectionInstrumentation.class);

  static final String ERROR_STREAM_BUFFERING = "sun.net.http.errorstream.enableBuffering";

  /**
   * Loads (without initializing) every class this module transforms, so that all of them are retransformed
   * together at install. Otherwise one can be loaded while Byte Buddy describes another (retransforming
   * {@code HttpClient} reflects on its fields and loads {@code KeepAliveCache}), and a class loaded inside a
   * transformation is not transformed.
   */
  private static void preload() {
    for (String name : TRANSFORMED) {
      try {
        Class.forName(name, false, null);
      } catch (ClassCircularityError beingLoaded) {
        // the class whose loading installs the family: it is transformed in the same call
      } catch (Throwable t) {
        log.debug("cannot load {}: {}", name, t.toString());
      }
    }
  }

  private static final String[] TRANSFORMED = {
      "sun.net.www.http.HttpClient",
      "sun.net.www.http.KeepAliveCache",
      "sun.net.www.http.KeepAliveStream",
      "sun.net.www.protocol.https.HttpsClient",
      "sun.net.www.protocol.http.HttpURLConnection",
      "javax.net.ssl.HttpsURLConnection"};

  @Override
  public Client client() {
    return Client.URLCONNECTION;
  }

  /**
   * Only the classes transformed, so that the family is installed when a connection is first opened: not the
   * protocol handlers, which every URL of the scheme loads (the JDK's cryptography makes one to check its providers,
   * so every application that starts TLS would install this family).
   */
  @Override
  public String[] classNamePrefixes() {
    return TRANSFORMED.clone();
  }

  private static void bind(HookBinder<UrlConnectionHooks> hooks) {
    hooks.run(ACQUIRING, "urlconnection acquire", (jdk, fromCache) -> jdk.acquiring((Boolean) fromCache));
    hooks.run(ACQUIRING_TLS, "urlconnection acquire",
        (jdk, verifier, fromCache) -> jdk.acquiringTls(verifier, (Boolean) fromCache));
    hooks.run(ACQUIRED, "urlconnection acquire",
        (jdk, client, url, error) -> jdk.acquireEnded(client, (URL) url, (Throwable) error));
    hooks.call(CACHED_CLIENT_USABLE, "urlconnection acquire", UrlConnectionHooks::cachedClientUsable);
    hooks.run(CONNECTED, "urlconnection connect",
        (jdk, client, url, socket) -> jdk.connected(client, (URL) url, (Socket) socket));
    hooks.run(RELEASING, "urlconnection release", (jdk, client, url) -> jdk.releasing(client, (URL) url));
    hooks.run(RELEASED, "urlconnection release", UrlConnectionHooks::released);
    hooks.run(CLOSING, "urlconnection close", UrlConnectionHooks::closing);
    hooks.number(MAX_IDLE, "urlconnection idle cap", (jdk, none, jdkValue, same) -> jdk.maxIdle((int) jdkValue));
    hooks.number(KEEP_ALIVE_TIMEOUT, "urlconnection idle timeout",
        (jdk, url, jdkValue, same) -> jdk.keepAliveTimeout((URL) url, (int) jdkValue));
    hooks.number(REQUEST_STARTING, "urlconnection request", (jdk, none, zero, same) -> jdk.requestStarting());
    hooks.bind(RESPONDED, "urlconnection response", (jdk, connection, error, c, d, e, startNanos, status) -> {
      jdk.responded((HttpURLConnection) connection, startNanos, (int) status, (Throwable) error);
      return null;
    });
    hooks.callWithNumber(SHOULD_DRAIN, "urlconnection drain",
        (jdk, connection, none, status) -> jdk.shouldDrain((HttpURLConnection) connection, (int) status));
    hooks.run(DRAINED, "urlconnection drain", (jdk, connection) -> jdk.drained((HttpURLConnection) connection));
    hooks.run(AWAITING_BODY, "urlconnection drain", (jdk, awaiting) -> jdk.awaitingBody((Boolean) awaiting));
    hooks.callWithNumber(AWAIT_BODY, "urlconnection drain",
        (jdk, client, in, remaining) -> jdk.awaitBody(client, (InputStream) in, remaining));
    hooks.call(GUARD_STARTING, "urlconnection stale guard", UrlConnectionHooks::guardStarting);
    hooks.call(MAY_REUSE_CACHED, "urlconnection stale guard", UrlConnectionHooks::mayReuseCached);
    hooks.run(GUARD_ENDED, "urlconnection stale guard", UrlConnectionHooks::guardEnded);
    hooks.run(RESPONSE_PARSED, "urlconnection response",
        (jdk, client, header) -> jdk.responseParsed(client, header instanceof String ? (String) header : null));
    hooks.call(FIRST_DEFAULT_FACTORY, "urlconnection default socket factory",
        (jdk, created) -> jdk.firstDefaultFactory((SSLSocketFactory) created));
  }

  @Override
  public AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context) {
    // read once by HttpURLConnection's static initializer, which has not run yet at premain: with it, the JDK
    // buffers small 4xx/5xx bodies (up to 4 KiB, 300 ms) and returns the connection even if they are never read
    boolean errorStreamBuffered = System.getProperty(ERROR_STREAM_BUFFERING) == null;
    if (errorStreamBuffered) {
      System.setProperty(ERROR_STREAM_BUFFERING, "true");
    }
    LeakDetector leaks = new LeakDetector(context.recorder(), context.config().leakDetectionThresholdMillis(),
        context.maintenance());
    final KeepAliveConnections connections = new KeepAliveConnections(context.recorder(), leaks);
    context.poolState().register(connections);
    context.maintenance().every("urlconnection connection sweep", new Runnable() {
      @Override
      public void run() {
        connections.sweep();
      }
    });
    boolean jdkIdleCapSet = System.getProperty("http.maxConnections") != null;
    boolean jdkIdleTimeoutSet = System.getProperty("http.keepAlive.time.server") != null
        || System.getProperty("http.keepAlive.time.proxy") != null;
    if (jdkIdleCapSet || jdkIdleTimeoutSet) {
      log.info("HttpURLConnection keeps the JDK's own {} set on the command line",
          jdkIdleCapSet ? "http.maxConnections" : "http.keepAlive.time.*");
    }
    JdkHttpInternals.install(errorStreamBuffered);
    bind(HookBinder.calling(new UrlConnectionHooks(context, connections, jdkIdleCapSet, jdkIdleTimeoutSet)));
    preload();

    ClassLoader agentLoader = UrlConnectionInstrumentation.class.getClassLoader();
    return agentBuilder
        .type(named("sun.net.www.http.HttpClient"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("New").and(isStatic()).and(takesArguments(5)).and(takesArgument(0, URL.class))
                    .and(takesArgument(1, Proxy.class)),
                NewClientAdvice.class.getName())
            .advice(named("openServer").and(takesArguments(2)).and(takesArgument(0, String.class))
                    .and(takesArgument(1, int.class)),
                OpenServerAdvice.class.getName())
            .advice(named("closeServer").and(takesArguments(0)), CloseServerAdvice.class.getName())
            .advice(named("getKeepAliveTimeout").and(takesArguments(0)).and(returns(int.class)),
                KeepAliveTimeoutAdvice.class.getName())
            .advice(named("parseHTTP").and(takesArgument(0, named("sun.net.www.MessageHeader")))
                    .and(returns(boolean.class)),
                ParseHttpAdvice.class.getName()))
        .type(named("sun.net.www.protocol.https.HttpsClient"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("New").and(isStatic()).and(takesArguments(7))
                    .and(takesArgument(0, named("javax.net.ssl.SSLSocketFactory")))
                    .and(takesArgument(1, URL.class)).and(takesArgument(3, Proxy.class)),
                NewHttpsClientAdvice.class.getName()))
        .type(named("sun.net.www.http.KeepAliveCache"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("put").and(takesArguments(3)).and(takesArgument(0, URL.class)),
                CachePutAdvice.class.getName())
            .advice(named("getMaxConnections").and(takesArguments(0)).and(returns(int.class)),
                MaxConnectionsAdvice.class.getName())
            .advice(named("get").and(takesArguments(2)).and(takesArgument(0, URL.class)),
                CacheGetAdvice.class.getName()))
        .type(named("sun.net.www.http.KeepAliveStream"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("hurry").and(takesArguments(0)).and(returns(boolean.class)), HurryAdvice.class.getName()))
        .type(named("sun.net.www.protocol.http.HttpURLConnection"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("getInputStream0").and(takesArguments(0)), ResponseAdvice.class.getName()))
        .type(named("sun.net.www.protocol.http.HttpURLConnection$ErrorStream"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("getErrorStream").and(isStatic()).and(takesArguments(3))
                    .and(takesArgument(0, InputStream.class)).and(takesArgument(1, long.class)),
                ErrorStreamAdvice.class.getName()))
        .type(named("javax.net.ssl.HttpsURLConnection"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("getDefaultSSLSocketFactory").and(isStatic()).and(takesArguments(0)),
                DefaultSocketFactoryAdvice.class.getName()));
  }
}
