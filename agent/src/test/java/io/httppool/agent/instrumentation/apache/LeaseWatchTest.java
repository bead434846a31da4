package io.httppool.agent.instrumentation.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.httppool.agent.core.Client;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.PoolRecorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseWatchTest {
  private final Destination destination = new Destinations(10).get(Client.APACHE4, "http", "127.0.0.1", 8080);
  private final List<String> reports = new ArrayList<>();
  private final PoolRecorder recorder = new PoolRecorder() {
    @Override
    public void connectionAcquired(Destination where, boolean reused) {
      reports.add(reused ? "reused" : "new");
    }

    @Override
    public void waited(Destination where, long nanos) {
      reports.add("waited");
    }
  };

  @Test
  void aLeaseFromAPoolWithRoomRecordsNoWait() {
    LeaseWatch watch = new LeaseWatch(recorder, destination, false);
    watch.handedOut();
    watch.acquired(true);
    assertEquals(Collections.singletonList("reused"), reports);
  }

  @Test
  void aLeaseFromAFullPoolRecordsItsWaitBeforeTheConnection() {
    LeaseWatch watch = new LeaseWatch(recorder, destination, true);
    watch.handedOut();
    watch.acquired(false);
    assertEquals(Arrays.asList("waited", "new"), reports);
  }

  @Test
  void aFailedLeaseWaitedOnlyIfThePoolWasFullOrItsTimeoutEndedIt() {
    new LeaseWatch(recorder, destination, false).failed(false);
    assertEquals(Collections.emptyList(), reports);
    new LeaseWatch(recorder, destination, false).failed(true);
    new LeaseWatch(recorder, destination, true).failed(false);
    assertEquals(Arrays.asList("waited", "waited"), reports);
  }

  @Test
  void statisticsThatCannotBeReadMeanNoWait() {
    PoolStatistics<Object, String, int[]> broken = new PoolStatistics<>((pool, route) -> {
      throw new IllegalStateException("closed");
    }, pool -> new int[3], stats -> stats[0], stats -> stats[1], stats -> stats[2]);
    assertFalse(LeaseWatch.poolFull(broken, new Object(), "a", "test"));
    assertFalse(LeaseWatch.poolFull(broken, null, "a", "test"));
  }
}
