package io.httppool.agent.instrumentation.apache4.linked;

import io.httppool.agent.instrumentation.LibraryClasses;
import java.lang.reflect.Field;
import org.apache.http.config.Lookup;
import org.apache.http.conn.util.PublicSuffixMatcherLoader;
import org.apache.http.cookie.CookieSpecProvider;
import org.apache.http.impl.client.CookieSpecRegistries;
import org.apache.http.impl.client.HttpClientBuilder;

/**
 * The cookie-spec registry that {@code HttpClientBuilder.build()} (4.5) makes when the application gave it none
 * and no public suffix matcher: {@code CookieSpecRegistries.createDefault} with the default matcher, the same
 * every time. Its providers are stateless but for the spec each makes on its first cookie and keeps, which then
 * builds its domain handlers (the public suffix filter's map included). A client built per request paid that on
 * every client; the agent lends such a build one registry made once by the library's own code, and takes it back
 * after the build, so the builder is left as the application left it.
 */
final class DefaultCookieSpecs {
  private final Field registry;
  private final Field publicSuffixMatcher;
  private volatile Lookup<CookieSpecProvider> shared;

  private DefaultCookieSpecs(Field registry, Field publicSuffixMatcher) {
    this.registry = registry;
    this.publicSuffixMatcher = publicSuffixMatcher;
  }

  /** Null when this version builds its registry another way (before 4.5) or keeps it in other fields. */
  static DefaultCookieSpecs of(Field registry, Field publicSuffixMatcher) {
    if (registry == null || publicSuffixMatcher == null || !LibraryClasses.present(
        "org.apache.http.impl.client.CookieSpecRegistries", HttpClientBuilder.class.getClassLoader())) {
      return null;
    }
    return new DefaultCookieSpecs(registry, publicSuffixMatcher);
  }

  /** Lends the shared registry to a build that would make the default one; true when lent. */
  boolean lend(HttpClientBuilder builder) throws IllegalAccessException {
    if (registry.get(builder) != null || publicSuffixMatcher.get(builder) != null) {
      return false;
    }
    Lookup<CookieSpecProvider> lookup = shared;
    if (lookup == null) {
      lookup = CookieSpecRegistries.createDefault(PublicSuffixMatcherLoader.getDefault());
      shared = lookup;
    }
    registry.set(builder, lookup);
    return true;
  }

  void takeBack(HttpClientBuilder builder) throws IllegalAccessException {
    registry.set(builder, null);
  }
}
