package io.httppool.testapps.compatibility;

import io.httppool.testapps.families.ClientFamily;
import io.httppool.testapps.families.Compatibility;
import io.httppool.testapps.families.JdkHttpFamily;
import java.util.List;

/** The JDK internals behind {@code java.net.http.HttpClient}, read from the runtime image of every tested JDK. */
@JdkHttpFamily
@Compatibility
class JdkHttpCompatibilityTest extends CompatibilityGate {
  @Override
  ClientFamily family() {
    return ClientFamily.JDKHTTP;
  }

  @Override
  List<String> libraryClasses() {
    return List.of("jdk/internal/net/http/", "java/net/http/", "javax/net/ssl/SSLParameters");
  }

  @Override
  List<ClassSource> sources() {
    return JdkSource.everyTestedJdk();
  }
}
