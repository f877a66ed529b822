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
 * Both directions of one accepted connection (inet or unix), read and written straight on its
 * non-blocking JDK channel, so Undertow serves it as it serves one of XNIO's own connections (no
 * copy, no thread of its own).
 *
 * <p>Readiness: the channel is registered with the {@link WebIoThread}'s selector, which is also the
 * only thread that calls Undertow's read and write handlers. Interest in a direction is on while
 * Undertow has it resumed; when the selector reports it ready, {@link #ready} calls that direction's
 * handler at once, and afterwards the interest is set again from what Undertow resumed. Interest
 * changes made from other threads (a handler answering on a worker thread) wake the selector so that
 * they take effect at once; a {@code wakeup} from another thread posts the handler call to the I/O
 * thread.
 *
 * <p>Blocking waits ({@code awaitReadable}, {@code awaitWritable}: Undertow's blocking streams on a
 * worker thread) poll the channel on a selector of their own for the call.
 */
final class SocketConduit implements StreamSourceConduit, StreamSinkConduit, WebIoThread.Ready {

  /** How often a blocking wait looks whether the connection was closed meanwhile. */
  private static final long AWAIT_SLICE_MILLIS = 100;

  private final SocketStreamConnection connection;
  private final SocketChannel channel;
  private final SelectionKey key;
  private final WebIoThread io;
  private ReadReadyHandler readHandler;
  private WriteReadyHandler writeHandler;
  // guarded by this: what Undertow resumed
  private boolean readsResumed;
  private boolean writesResumed;

  SocketConduit(SocketStreamConnection connection, SocketChannel channel, SelectionKey key, WebIoThread io) {
    this.connection = connection;
    this.channel = channel;
    this.key = key;
    this.io = io;
  }

  // ---------------------------------------------------------------- readiness

  /** On the I/O thread, with the key the selector reports ready. */
  @Override
  public void ready(SelectionKey readyKey) {
    int ops;
    try {
      ops = readyKey.readyOps();
    } catch (CancelledKeyException e) {
      return; // closed meanwhile
    }
    try {
      fire(ops);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** On the I/O thread: calls the handlers of the directions in {@code ops} that are still resumed. */
  private void fire(int ops) {
    try {
      if ((ops & SelectionKey.OP_READ) != 0 && isReadResumed() && readHandler != null) {
        readHandler.readReady();
      }
      if ((ops & SelectionKey.OP_WRITE) != 0 && isWriteResumed() && writeHandler != null) {
        writeHandler.writeReady();
      }
    } finally {
      synchronized (this) {
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

  /** Sets the key's interest to the resumed directions. Holds this. */
  private void updateInterest() {
    int want = (readsResumed ? SelectionKey.OP_READ : 0) | (writesResumed ? SelectionKey.OP_WRITE : 0);
    if (!key.isValid()) {
      return; // closed (every connection ends here once): the exception below would cost its stack trace
    }
    try {
      int had = key.interestOps();
      if (had != want) {
        key.interestOps(want);
        if ((want & ~had) != 0) {
          io.wakeup(); // the selector applies interest changes only when it wakes
        }
      }
    } catch (CancelledKeyException e) {
      // closed by another thread meanwhile: nothing to wait for
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
    io.wakeup(); // so that the selector lets go of the channel now
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
    dispatch(() -> fire(SelectionKey.OP_READ));
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
    dispatch(() -> fire(SelectionKey.OP_WRITE));
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
