package io.httppool.agent.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers to library look-ups that read only what cannot change once a class is loaded: a properties file in the
 * library's own jar (its release, which goes into every client's User-Agent), whether an optional class can be
 * loaded. A library that asks again for every client it builds pays a resource read or a thrown
 * {@code ClassNotFoundException} each time, and an application that builds a client per request pays it per
 * request. The first answer is kept with the class that asked (so per class loader, and collected with it) and
 * given back after.
 */
public final class StableLookups {
  /** More questions than a library asks per class means the caller varies them: those are not kept. */
  static final int QUESTIONS_PER_CLASS = 16;

  private static final ClassValue<Map<String, Object>> ANSWERS = new ClassValue<Map<String, Object>>() {
    @Override
    protected Map<String, Object> computeValue(Class<?> asker) {
      return new ConcurrentHashMap<>();
    }
  };

  private StableLookups() {}

  /** The answer kept for {@code question} asked by {@code asker}, or null when there is none yet. */
  public static Object known(Object asker, String question) {
    return asker instanceof Class && question != null ? ANSWERS.get((Class<?>) asker).get(question) : null;
  }

  /** Keeps {@code answer} to {@code question} for later askers of {@code asker}'s class loader. */
  public static void learn(Object asker, String question, Object answer) {
    if (asker instanceof Class && question != null && answer != null) {
      Map<String, Object> answers = ANSWERS.get((Class<?>) asker);
      if (answers.size() < QUESTIONS_PER_CLASS) {
        answers.putIfAbsent(question, answer);
      }
    }
  }
}
