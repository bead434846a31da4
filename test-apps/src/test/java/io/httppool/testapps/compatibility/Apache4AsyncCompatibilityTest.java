package io.httppool.testapps.compatibility;

import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.ClientFamily;
import io.httppool.testapps.families.Compatibility;
import java.util.List;

/** HttpAsyncClient 4.1.x: tagged apache4, the family the agent reports it in. */
@Apache4Family
@Compatibility
class Apache4AsyncCompatibilityTest extends CompatibilityGate {
  @Override
  ClientFamily family() {
    return ClientFamily.APACHE4ASYNC;
  }

  @Override
  List<String> libraryClasses() {
    return List.of("org/apache/http/");
  }
}
