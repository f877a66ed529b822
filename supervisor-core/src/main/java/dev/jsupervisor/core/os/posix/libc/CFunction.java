package dev.jsupervisor.core.os.posix.libc;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Function;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

/**
 * One C function of the process (looked up with {@code dlsym(RTLD_DEFAULT, name)}: libc and whatever
 * else is loaded), called through jffi directly. Every argument is passed as a native long: ints,
 * shorts and pointers alike, as the x86-64 and AArch64 ABIs pass them in registers (the callee reads
 * the low bits it declared; a variadic callee such as fcntl or syscall reads them the same way). The
 * result is the raw register: narrow it with a cast to the C return type ({@code (int)} for an int).
 * errno is saved after every call and read with {@link #errno()} on the same thread.
 *
 * <p>jnr-ffi, which the engine used before, builds the same calls with a class it generates at run
 * time through ASM: about 300 classes and 60 ms of the daemon's start-up for the few dozen functions
 * here. Immutable; any thread.
 */
public final class CFunction {
  private static final Invoker INVOKER = Invoker.getInstance();

  private final String name;
  private final Function function; // holds the call context (kept reachable with it)
  private final CallContext context;
  private final long address;
  private final int arity;

  private CFunction(String name, long address, Type result, Type[] params) {
    this.name = name;
    this.address = address;
    this.arity = params.length;
    this.function = new Function(address, result, params, CallingConvention.DEFAULT, true);
    this.context = function.getCallContext();
  }

  /**
   * The function {@code name} with the given C result and parameter types (at most six parameters).
   *
   * @throws UnsatisfiedLinkError when no such symbol is loaded (or jffi's stub library cannot load)
   */
  public static CFunction of(String name, Type result, Type... params) {
    CFunction f = find(name, result, params);
    if (f == null) {
      throw new UnsatisfiedLinkError("no C function " + name + ": " + Library.getLastError());
    }
    return f;
  }

  /** Like {@link #of}, or null when the symbol is not there (a function of a newer glibc). */
  public static CFunction find(String name, Type result, Type... params) {
    if (params.length > 6) {
      throw new IllegalArgumentException(name + ": more than six parameters");
    }
    long address = Library.getDefault().getSymbolAddress(name);
    return address == 0 ? null : new CFunction(name, address, result, params);
  }

  /** errno as the last call of any CFunction on this thread left it. */
  public static int errno() {
    return LastError.getInstance().get();
  }

  public long call() {
    check(0);
    return INVOKER.invokeN0(context, address);
  }

  public long call(long a) {
    check(1);
    return INVOKER.invokeN1(context, address, a);
  }

  public long call(long a, long b) {
    check(2);
    return INVOKER.invokeN2(context, address, a, b);
  }

  public long call(long a, long b, long c) {
    check(3);
    return INVOKER.invokeN3(context, address, a, b, c);
  }

  public long call(long a, long b, long c, long d) {
    check(4);
    return INVOKER.invokeN4(context, address, a, b, c, d);
  }

  public long call(long a, long b, long c, long d, long e) {
    check(5);
    return INVOKER.invokeN5(context, address, a, b, c, d, e);
  }

  public long call(long a, long b, long c, long d, long e, long f) {
    check(6);
    return INVOKER.invokeN6(context, address, a, b, c, d, e, f);
  }

  private void check(int n) {
    if (n != arity) {
      throw new IllegalArgumentException(name + " takes " + arity + " arguments, not " + n);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
