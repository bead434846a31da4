package io.httppool.testapps.apppools;

import io.httppool.testapps.families.Apache4Family;
import io.httppool.testapps.families.JarSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link AppOwnManagersMutualTlsTest} with Apache HttpClient 4.5. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Apache4Family
class Apache4OwnManagersMutualTlsTest extends AppOwnManagersMutualTlsTest {

  static List<Arguments> runs() {
    return setsAndModes(JarSet.APACHE45);
  }

  @ParameterizedTest(name = "{0} managers {1}")
  @MethodSource("runs")
  void everyRequestArrivesWithItsOwnIdentity(JarSet set, String managers) {
    assertEveryRequestArrivesWithItsOwnIdentity(Apache4IdentityManagersApp.class, set, managers);
  }
}
