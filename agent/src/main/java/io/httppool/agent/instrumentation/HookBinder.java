package io.httppool.agent.instrumentation;

import io.httppool.bootstrap.Dispatcher;

/**
 * Binds a module's hook ids to the code they run, one line per hook:
 * {@code hooks.call(MAY_REUSE, "okhttp connection health check", OkHttpSupport::mayReuse)}. Each hook gets its
 * target {@code S} from the first argument the advice passes (for a library family: the support linked to the
 * library copy that argument comes from, see {@link #linkedBy}); when there is none, the library keeps its own
 * value. Failures are counted by {@link Dispatcher}, never here.
 *
 * @param <S> what the hooks call
 */
public final class HookBinder<S> {
  /** Finds what a hook calls from the first argument of its advice; null when there is nothing to call. */
  public interface Target<S> {
    S of(Object firstArgument);
  }

  public interface Run0<S> {
    void run(S target);
  }

  public interface Run1<S> {
    void run(S target, Object a);
  }

  public interface Run2<S> {
    void run(S target, Object a, Object b);
  }

  public interface Run3<S> {
    void run(S target, Object a, Object b, Object c);
  }

  /** Answers null, or the library's own value, to keep it. */
  public interface Call0<S> {
    Object call(S target);
  }

  public interface Call1<S> {
    Object call(S target, Object a);
  }

  public interface Call2<S> {
    Object call(S target, Object a, Object b);
  }

  public interface Call3<S> {
    Object call(S target, Object a, Object b, Object c);
  }

  public interface Call4<S> {
    Object call(S target, Object a, Object b, Object c, Object d);
  }

  public interface CallWithNumber<S> {
    Object call(S target, Object a, Object b, long n);
  }

  /** Answers a number; {@code fallback} keeps the library's value. */
  public interface Numeric<S> {
    long call(S target, Object a, long n, long fallback);
  }

  /** Every argument a {@link Dispatcher} call can pass, for the few hooks no shorter form fits. */
  public interface Wide<S> {
    Object call(S target, Object a, Object b, Object c, Object d, Object e, long m, long n);
  }

  private final Target<S> targets;

  public HookBinder(Target<S> targets) {
    this.targets = targets;
  }

  /** Hooks of one library family, each calling the support linked to the library the first argument is from. */
  public static <S> HookBinder<S> linkedBy(LibraryLinker<S> linker) {
    return new HookBinder<>(libraryObject -> libraryObject == null ? null : linker.forObject(libraryObject));
  }

  /** Hooks that all call {@code target}, whatever the advice passes. */
  public static <S> HookBinder<S> calling(S target) {
    return new HookBinder<>(firstArgument -> target);
  }

  public void run(int id, String name, Run0<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> {
      hook.run(target);
      return null;
    });
  }

  public void run(int id, String name, Run1<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> {
      hook.run(target, a);
      return null;
    });
  }

  public void run(int id, String name, Run2<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> {
      hook.run(target, a, b);
      return null;
    });
  }

  public void run(int id, String name, Run3<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> {
      hook.run(target, a, b, c);
      return null;
    });
  }

  public void call(int id, String name, Call0<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> hook.call(target));
  }

  public void call(int id, String name, Call1<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> hook.call(target, a));
  }

  public void call(int id, String name, Call2<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> hook.call(target, a, b));
  }

  public void call(int id, String name, Call3<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> hook.call(target, a, b, c));
  }

  public void call(int id, String name, Call4<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> hook.call(target, a, b, c, d));
  }

  public void callWithNumber(int id, String name, CallWithNumber<S> hook) {
    bind(id, name, (target, a, b, c, d, e, m, n) -> hook.call(target, a, b, n));
  }

  public void number(int id, String name, Numeric<S> hook) {
    Dispatcher.install(id, new Dispatcher.Hook(name) {
      @Override
      protected Object call(Object a, Object b, Object c, Object d, Object e, long m, long n) {
        throw new UnsupportedOperationException(name() + " answers numbers only");
      }

      @Override
      protected long callForNumber(Object a, long n, long fallback) {
        S target = targets.of(a);
        return target == null ? fallback : hook.call(target, a, n, fallback);
      }
    });
  }

  public void bind(int id, String name, Wide<S> hook) {
    Dispatcher.install(id, new Dispatcher.Hook(name) {
      @Override
      protected Object call(Object a, Object b, Object c, Object d, Object e, long m, long n) {
        S target = targets.of(a);
        return target == null ? null : hook.call(target, a, b, c, d, e, m, n);
      }
    });
  }
}
