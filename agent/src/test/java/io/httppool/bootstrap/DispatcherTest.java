package io.httppool.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fail-open rule every hook goes through: the library's value on no hook, on null, on failure. */
class DispatcherTest {
  private static final int ID = 9000;
  private static final Object LIBRARY_VALUE = new Object();

  private static Dispatcher.Hook answering(final Object answer) {
    return new Dispatcher.Hook("test hook") {
      @Override
      protected Object call(Object a, Object b, Object c, Object d, Object e, long m, long n) {
        return answer;
      }
    };
  }

  private static Dispatcher.Hook throwing() {
    return new Dispatcher.Hook("test hook") {
      @Override
      protected Object call(Object a, Object b, Object c, Object d, Object e, long m, long n) {
        throw new IllegalStateException("a bug in a hook");
      }
    };
  }

  @AfterEach
  void remove() {
    Dispatcher.install(ID, null);
  }

  @Test
  void withoutAHookTheLibrarysValueStands() {
    assertSame(LIBRARY_VALUE, Dispatcher.call(ID, LIBRARY_VALUE, "a"));
    assertSame(LIBRARY_VALUE, Dispatcher.call(ID + 1000, LIBRARY_VALUE, "a", "b"));
    assertTrue(Dispatcher.test(ID, true, "a"));
    assertEquals(7L, Dispatcher.number(ID, 7L, null, 3L));
    Dispatcher.run(ID, "a");
  }

  @Test
  void aHookThatAnswersNullKeepsTheLibrarysValue() {
    Dispatcher.install(ID, answering(null));
    assertSame(LIBRARY_VALUE, Dispatcher.call(ID, LIBRARY_VALUE, "a", "b", "c", "d"));
    assertTrue(Dispatcher.test(ID, true, "a"));
    assertEquals(7L, Dispatcher.number(ID, 7L, null, 3L));
  }

  @Test
  void aHooksAnswerReplacesTheLibrarysValue() {
    Object replacement = new Object();
    Dispatcher.install(ID, answering(replacement));
    assertSame(replacement, Dispatcher.call(ID, LIBRARY_VALUE, "a"));
    Dispatcher.install(ID, answering(Boolean.FALSE));
    assertFalse(Dispatcher.test(ID, true, "a", 1L));
    Dispatcher.install(ID, answering(42));
    assertEquals(42L, Dispatcher.number(ID, 7L, "a", 3L));
  }

  @Test
  void argumentsArriveInTheirPlaces() {
    final StringBuilder seen = new StringBuilder();
    Dispatcher.install(ID, new Dispatcher.Hook("test hook") {
      @Override
      protected Object call(Object a, Object b, Object c, Object d, Object e, long m, long n) {
        seen.append(a).append(b).append(c).append(d).append(e).append(m).append(n);
        return null;
      }
    });
    Dispatcher.run(ID, "a", "b", "c", "d", "e", 9L);
    assertEquals("abcde09", seen.toString());
    seen.setLength(0);
    Dispatcher.run(ID, "a", "b", 8L, 9L);
    assertEquals("abnullnullnull89", seen.toString());
  }

  @Test
  void aHookThatThrowsIsCountedAndTheLibrarysValueStands() {
    Dispatcher.install(ID, throwing());
    long before = AgentStatus.adviceErrors();
    assertSame(LIBRARY_VALUE, Dispatcher.call(ID, LIBRARY_VALUE, "a"));
    assertTrue(Dispatcher.test(ID, true, "a"));
    assertEquals(7L, Dispatcher.number(ID, 7L, null, 3L));
    Dispatcher.run(ID, "a");
    assertEquals(before + 4, AgentStatus.adviceErrors());
  }

  @Test
  void anIdServesOneHookName() {
    Dispatcher.install(ID, answering(null));
    Dispatcher.install(ID, answering("same name, replaced"));
    assertEquals("same name, replaced", Dispatcher.call(ID, LIBRARY_VALUE, "a"));
    assertThrows(IllegalStateException.class, () -> Dispatcher.install(ID, new Dispatcher.Hook("another hook") {
      @Override
      protected Object call(Object a, Object b, Object c, Object d, Object e, long m, long n) {
        return null;
      }
    }));
  }
}
