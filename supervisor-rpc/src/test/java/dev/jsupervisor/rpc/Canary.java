package dev.jsupervisor.rpc;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/** A serializable object that counts its own deserializations: the stand-in for a gadget chain. */
final class Canary implements Serializable {
  private static final long serialVersionUID = 1L;
  static final AtomicInteger DESERIALIZED = new AtomicInteger();

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    DESERIALIZED.incrementAndGet();
  }
}
