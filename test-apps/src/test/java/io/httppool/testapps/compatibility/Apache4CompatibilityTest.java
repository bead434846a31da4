package io.httppool.testapps.compatibility;

import io.httppool.testapps.families.ClientFamily;
import io.httppool.testapps.families.Compatibility;
import io.httppool.testapps.families.JarSet;
import io.httppool.testapps.families.Apache4Family;
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

  @Override
  List<ClassSource> sources() {
    return JarSet.of(family()).stream().<ClassSource>map(JarSetSource::new).toList();
  }
}
