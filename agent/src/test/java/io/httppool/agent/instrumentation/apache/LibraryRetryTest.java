package io.httppool.agent.instrumentation.apache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class LibraryRetryTest {
  private static final BooleanSupplier NOT_ASKED = () -> {
    throw new AssertionError("the default's decision does not matter here");
  };

  @Test
  void withoutLibraryRetriesTheAgentRetriesWhatCanBeSentAgain() {
    assertTrue(LibraryRetry.NONE.leavesToAgent(true, NOT_ASKED));
    assertFalse(LibraryRetry.NONE.leavesToAgent(false, NOT_ASKED));
  }

  @Test
  void withTheDefaultTheAgentRetriesOnlyWhatTheDefaultRefuses() {
    assertTrue(LibraryRetry.DEFAULT.leavesToAgent(true, () -> false));
    assertFalse(LibraryRetry.DEFAULT.leavesToAgent(true, () -> true));
    assertFalse(LibraryRetry.DEFAULT.leavesToAgent(false, NOT_ASKED));
  }

  @Test
  void theApplicationsOwnRetryIsNeverSecondGuessed() {
    assertFalse(LibraryRetry.APPLICATION.leavesToAgent(true, NOT_ASKED));
  }
}
