package io.httppool.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StableLookupsTest {
  /** Classes of their own, so that the answers other tests keep do not show here. */
  private static final class Asker {}

  private static final class OtherAsker {}

  @Test
  void anAnswerIsKeptPerClassAndQuestion() {
    assertNull(StableLookups.known(Asker.class, "getSoftwareInfo A pkg"));
    StableLookups.learn(Asker.class, "getSoftwareInfo A pkg", "A/1.0 (Java/17)");

    assertEquals("A/1.0 (Java/17)", StableLookups.known(Asker.class, "getSoftwareInfo A pkg"));
    assertNull(StableLookups.known(Asker.class, "getSoftwareInfo B pkg"));
    assertNull(StableLookups.known(OtherAsker.class, "getSoftwareInfo A pkg"));
  }

  @Test
  void theFirstAnswerStays() {
    StableLookups.learn(OtherAsker.class, "isAvailable", Boolean.FALSE);
    StableLookups.learn(OtherAsker.class, "isAvailable", Boolean.TRUE);

    assertEquals(Boolean.FALSE, StableLookups.known(OtherAsker.class, "isAvailable"));
  }

  @Test
  void nothingIsKeptWithoutAClassAQuestionOrAnAnswer() {
    StableLookups.learn(null, "q", "a");
    StableLookups.learn("not a class", "q", "a");
    StableLookups.learn(Integer.class, null, "a");
    StableLookups.learn(Integer.class, "q", null);

    assertNull(StableLookups.known(null, "q"));
    assertNull(StableLookups.known("not a class", "q"));
    assertNull(StableLookups.known(Integer.class, "q"));
    assertNull(StableLookups.known(Integer.class, null));
  }

  @Test
  void aCallerThatVariesItsQuestionsGetsOnlyTheFirstFewKept() {
    for (int i = 0; i < StableLookups.QUESTIONS_PER_CLASS + 10; i++) {
      StableLookups.learn(Long.class, "question " + i, "answer " + i);
    }

    assertEquals("answer 0", StableLookups.known(Long.class, "question 0"));
    assertNull(StableLookups.known(Long.class, "question " + (StableLookups.QUESTIONS_PER_CLASS + 5)));
  }
}
