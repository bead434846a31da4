package io.httppool.testapps.apppools;

import io.httppool.testapps.families.Apache5Family;
import io.httppool.testapps.families.JarSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link AppOwnManagersMutualTlsTest} with Apache HttpClient 5.x, the oldest and the newest line. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache5Family
class Apache5OwnManagersMutualTlsTest extends AppOwnManagersMutualTlsTest {

  static List<Arguments> runs() {
    return setsAndModes(JarSet.APACHE50, JarSet.APACHE56);
  }

  @ParameterizedTest(name = "{0} managers {1}")
  @MethodSource("runs")
  void everyRequestArrivesWithItsOwnIdentity(JarSet set, String managers) {
    assertEveryRequestArrivesWithItsOwnIdentity(Apache5IdentityManagersApp.class, set, managers);
  }
}
