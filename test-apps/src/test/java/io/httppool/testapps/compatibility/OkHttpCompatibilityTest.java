package io.httppool.testapps.compatibility;

import io.httppool.testapps.families.ClientFamily;
import io.httppool.testapps.families.Compatibility;
import io.httppool.testapps.families.OkHttpFamily;
import java.util.List;

@OkHttpFamily
@Compatibility
class OkHttpCompatibilityTest extends CompatibilityGate {
  @Override
  ClientFamily family() {
    return ClientFamily.OKHTTP;
  }

  @Override
  List<String> libraryClasses() {
    return List.of("okhttp3/", "okio/");
  }
}
