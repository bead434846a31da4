package io.httppool.testapps.compatibility;

import io.httppool.testapps.families.ClientFamily;
import io.httppool.testapps.families.Compatibility;
import io.httppool.testapps.families.UrlConnectionFamily;
import java.util.List;

/** The JDK internals behind {@code HttpURLConnection}, read from the runtime image of every tested JDK. */
@UrlConnectionFamily
@Compatibility
class UrlConnectionCompatibilityTest extends CompatibilityGate {
  @Override
  ClientFamily family() {
    return ClientFamily.URLCONNECTION;
  }

  @Override
  List<String> libraryClasses() {
    return List.of("sun/net/www/", "java/net/HttpURLConnection", "javax/net/ssl/HttpsURLConnection");
  }

  @Override
  List<ClassSource> sources() {
    return JdkSource.everyTestedJdk();
  }
}
