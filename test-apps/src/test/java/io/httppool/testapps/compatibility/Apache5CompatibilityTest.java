package io.httppool.testapps.compatibility;

import io.httppool.testapps.families.Apache5Family;
import io.httppool.testapps.families.ClientFamily;
import io.httppool.testapps.families.Compatibility;
import java.util.List;

@Apache5Family
@Compatibility
class Apache5CompatibilityTest extends CompatibilityGate {
  @Override
  ClientFamily family() {
    return ClientFamily.APACHE5;
  }

  @Override
  List<String> libraryClasses() {
    return List.of("org/apache/hc/");
  }
}
