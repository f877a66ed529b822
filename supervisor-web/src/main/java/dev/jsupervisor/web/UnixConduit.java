package dev.jsupervisor.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;
import org.xnio.conduits.TerminateHandler;
import org.xnio.conduits.WriteReadyHandler;

/**
 * Both directions of one accepted unix connection, read and written straight on its non-blocking
 * JDK channel, so Undertow serves it as it serves a TCP connection (no copy, no thread of its own).
 *
 * <p>Readiness: the channel is registered with {@link UnixSocketServer}'s one selector. Interest in
 * a direction is on while Undertow has it resumed; when the selector reports it ready, {@link
 * #ready} takes that direction out of the interest set (so the level-triggered selector does not
 * report it again meanwhile) and posts the handler call to the XNIO I/O thread, which is the only
 * thread that calls Undertow's read and write handlers, as with XNIO's own connections. After the
 * handler the interest is set again from what Undertow resumed. Interest changes made from other
 * threads wake the selector so that they take effect at once.
 *
 * <p>Blocking waits ({@code awaitReadable}, {@code awaitWritable}: Undertow's blocking streams on a
 * worker thread) poll the channel on a selector of their own for the call.
 */
final class UnixConduit implements StreamSourceConduit, StreamSinkConduit {

  /** How often a blocking wait looks whether the connection was closed meanwhile. */
  private static final long AWAIT_SLICE_MILLIS = 100;

  private final UnixStreamConnection connection;
  private final SocketChannel channel;
  private final SelectionKey key;
  private final Thread selectorThread;
  private final XnioIoThread io;
  private ReadReadyHandler readHandler;
  private WriteReadyHandler writeHandler;
  // guarded by this: what Undertow resumed, and which directions have a handler call on its way
  private boolean readsResumed;
  private boolean writesResumed;
  private boolean readPending;
  private boolean writePending;

  UnixConduit(UnixStreamConnection connection, SocketChannel channel, SelectionKey key, Thread selectorThread) {
    this.connection = connection;
    this.channel = channel;
    this.key = key;
    this.selectorThread = selectorThread;
    this.io = connection.getIoThread();
  }

  // ---------------------------------------------------------------- readiness

  /** Called on the selector thread with the key's ready set. */
  void ready(int readyOps) {
    int fire = 0;
    synchronized (this) {
      if ((readyOps & SelectionKey.OP_READ) != 0 && readsResumed && !readPending) {
        readPending = true;
        fire |= SelectionKey.OP_READ;
      }
      if ((readyOps & SelectionKey.OP_WRITE) != 0 && writesResumed && !writePending) {
        writePending = true;
        fire |= SelectionKey.OP_WRITE;
      }
      updateInterest();
    }
    if (fire != 0) {
      int ops = fire;
      dispatch(() -> fire(ops, true));
    }
  }

  /** On the I/O thread: calls the handlers of the directions in {@code ops} that are still resumed. */
  private void fire(int ops, boolean fromSelector) {
    boolean read;
    boolean write;
    synchronized (this) {
      read = (ops & SelectionKey.OP_READ) != 0 && readsResumed;
      write = (ops & SelectionKey.OP_WRITE) != 0 && writesResumed;
    }
    try {
      if (read && readHandler != null) {
        readHandler.readReady();
      }
      if (write && writeHandler != null) {
        writeHandler.writeReady();
      }
    } finally {
      synchronized (this) {
        if (fromSelector) {
          readPending &= (ops & SelectionKey.OP_READ) == 0;
          writePending &= (ops & SelectionKey.OP_WRITE) == 0;
        }
        updateInterest();
      }
    }
  }

  private void dispatch(Runnable task) {
    try {
      io.execute(task);
    } catch (RejectedExecutionException e) { // the worker is shutting down: nobody will serve it
      IoUtils.safeClose(connection);
    }
  }

  /** Sets the key's interest to the resumed directions without a call on its way. Holds this. */
  private void updateInterest() {
    int want = (readsResumed && !readPending ? SelectionKey.OP_READ : 0)
        | (writesResumed && !writePending ? SelectionKey.OP_WRITE : 0);
    try {
      int had = key.interestOps();
      if (had != want) {
        key.interestOps(want);
        if ((want & ~had) != 0 && Thread.currentThread() != selectorThread) {
          key.selector().wakeup(); // the selector applies interest changes only when it wakes
        }
      }
    } catch (CancelledKeyException e) {
      // closed: nothing to wait for
    }
  }

  private synchronized void setResumed(int op, boolean resumed) {
    if (op == SelectionKey.OP_READ) {
      readsResumed = resumed;
    } else {
      writesResumed = resumed;
    }
    updateInterest();
  }

  /** Closes the whole connection. Any thread. */
  void close() {
    IoUtils.safeClose(connection);
  }

  /** Cancels the selector registration. Called once, when the connection closes. */
  void cancel() {
    key.cancel();
    key.selector().wakeup(); // so that the selector lets go of the channel now
  }

  /** Whether Undertow waits for the client to take more of an answer. Any thread. */
  synchronized boolean writing() {
    return writesResumed;
  }

  private void await(int op, long millis) throws IOException {
    Xnio.checkBlockingAllowed();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try (Selector own = Selector.open()) {
      channel.register(own, op);
      while (connection.isOpen() && own.select(AWAIT_SLICE_MILLIS) == 0) {
        if (millis > 0 && System.nanoTime() - deadline >= 0) {
          return;
        }
      }
    } catch (ClosedChannelException e) {
      // closed meanwhile: the next read or write tells the caller
    }
  }

  /** Ends one direction (its side of the connection is already marked closed). */
  private void terminate(int op) throws IOException {
    try {
      setResumed(op, false);
      if (op == SelectionKey.OP_READ) {
        channel.shutdownInput();
      } else {
        channel.shutdownOutput();
      }
    } catch (ClosedChannelException e) {
      // already gone
    } finally {
      terminated(op == SelectionKey.OP_READ ? readHandler : writeHandler);
    }
  }

  private static void terminated(TerminateHandler handler) {
    if (handler != null) {
      try {
        handler.terminated();
      } catch (RuntimeException e) {
        // a listener's failure must not stop the close
      }
    }
  }

  @Override
  public XnioWorker getWorker() {
    return io.getWorker();
  }

  // ---------------------------------------------------------------- source

  @Override
  public int read(ByteBuffer dst) throws IOException {
    try {
      return channel.read(dst);
    } catch (ClosedChannelException e) {
      return -1;
    }
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    try {
      return channel.read(dsts, offset, length);
    } catch (ClosedChannelException e) {
      return -1;
    }
  }

  @Override
  public long transferTo(long position, long count, FileChannel target) throws IOException {
    return target.transferFrom(channel, position, count);
  }

  @Override
  public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
    return Conduits.transfer(this, count, throughBuffer, target);
  }

  @Override
  public void terminateReads() throws IOException {
    if (connection.markReadClosed()) {
      terminate(SelectionKey.OP_READ);
    }
  }

  /** Tells the read handler that this direction is finished. */
  void readTerminated() {
    terminated(readHandler);
  }

  @Override
  public boolean isReadShutdown() {
    return connection.isReadShutdown();
  }

  @Override
  public void resumeReads() {
    setResumed(SelectionKey.OP_READ, true);
  }

  @Override
  public void suspendReads() {
    setResumed(SelectionKey.OP_READ, false);
  }

  @Override
  public void wakeupReads() {
    setResumed(SelectionKey.OP_READ, true);
    dispatch(() -> fire(SelectionKey.OP_READ, false));
  }

  @Override
  public synchronized boolean isReadResumed() {
    return readsResumed;
  }

  @Override
  public void awaitReadable() throws IOException {
    await(SelectionKey.OP_READ, 0);
  }

  @Override
  public void awaitReadable(long time, TimeUnit timeUnit) throws IOException {
    await(SelectionKey.OP_READ, Math.max(1, timeUnit.toMillis(time)));
  }

  @Override
  public XnioIoThread getReadThread() {
    return io;
  }

  @Override
  public void setReadReadyHandler(ReadReadyHandler handler) {
    this.readHandler = handler;
  }

  // ---------------------------------------------------------------- sink

  @Override
  public int write(ByteBuffer src) throws IOException {
    return channel.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    return channel.write(srcs, offset, length);
  }

  @Override
  public int writeFinal(ByteBuffer src) throws IOException {
    return Conduits.writeFinalBasic(this, src);
  }

  @Override
  public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
    return Conduits.writeFinalBasic(this, srcs, offset, length);
  }

  @Override
  public long transferFrom(FileChannel src, long position, long count) throws IOException {
    return src.transferTo(position, count, channel);
  }

  @Override
  public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
    return Conduits.transfer(source, count, throughBuffer, this);
  }

  @Override
  public boolean flush() {
    return true; // nothing is buffered here
  }

  @Override
  public void terminateWrites() throws IOException {
    if (connection.markWriteClosed()) {
      terminate(SelectionKey.OP_WRITE);
    }
  }

  @Override
  public void truncateWrites() throws IOException {
    terminateWrites();
  }

  /** Tells the write handler that this direction is finished. */
  void writeTerminated() {
    terminated(writeHandler);
  }

  @Override
  public boolean isWriteShutdown() {
    return connection.isWriteShutdown();
  }

  @Override
  public void resumeWrites() {
    setResumed(SelectionKey.OP_WRITE, true);
  }

  @Override
  public void suspendWrites() {
    setResumed(SelectionKey.OP_WRITE, false);
  }

  @Override
  public void wakeupWrites() {
    setResumed(SelectionKey.OP_WRITE, true);
    dispatch(() -> fire(SelectionKey.OP_WRITE, false));
  }

  @Override
  public synchronized boolean isWriteResumed() {
    return writesResumed;
  }

  @Override
  public void awaitWritable() throws IOException {
    await(SelectionKey.OP_WRITE, 0);
  }

  @Override
  public void awaitWritable(long time, TimeUnit timeUnit) throws IOException {
    await(SelectionKey.OP_WRITE, Math.max(1, timeUnit.toMillis(time)));
  }

  @Override
  public XnioIoThread getWriteThread() {
    return io;
  }

  @Override
  public void setWriteReadyHandler(WriteReadyHandler handler) {
    this.writeHandler = handler;
  }
}
