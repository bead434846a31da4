package io.httppool.testapps.compatibility;

import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.ClientFamily;
import io.httppool.testapps.families.Compatibility;
import java.util.List;

@Apache4Family
@Compatibility
class Apache4CompatibilityTest extends CompatibilityGate {
  @Override
  ClientFamily family() {
    return ClientFamily.APACHE4;
  }

  @Override
  List<String> libraryClasses() {
    return List.of("org/apache/http/");
  }
}
