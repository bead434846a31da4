package io.httppool.agent.instrumentation.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.httppool.agent.AgentContext;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.LeakDetector;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.bootstrap.UrlConnectionBridge;
import java.net.Proxy;
import java.net.URL;
import net.bytebuddy.agent.builder.AgentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code HttpURLConnection} and {@code HttpsURLConnection} (JDK 8 to 25): the JDK's keep-alive cache is already
 * shared by the whole JVM; the agent observes it, sets its per-host idle cap and idle timeout, keeps it from
 * handing out connections the server has probably closed, and returns connections whose small response body the
 * application never reads. Advice goes into {@code java.base}
 * classes, which the agent's bootstrap bridge serves.
 */
public final class UrlConnectionInstrumentation implements InstrumentationModule {
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

  @Override
  public AgentBuilder extend(AgentBuilder agentBuilder, AgentContext context) {
    // read once by HttpURLConnection's static initializer, which has not run yet at premain: with it, the JDK
    // buffers small 4xx/5xx bodies (up to 4 KiB, 300 ms) and returns the connection even if they are never read
    if (System.getProperty(ERROR_STREAM_BUFFERING) == null) {
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
    UrlConnectionBridge.install(new UrlConnectionHooks(context, connections, jdkIdleCapSet, jdkIdleTimeoutSet));
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
        .type(named("javax.net.ssl.HttpsURLConnection"))
        .transform(new AgentBuilder.Transformer.ForAdvice()
            .include(agentLoader)
            .advice(named("getDefaultSSLSocketFactory").and(isStatic()).and(takesArguments(0)),
                DefaultSocketFactoryAdvice.class.getName()));
  }
}
