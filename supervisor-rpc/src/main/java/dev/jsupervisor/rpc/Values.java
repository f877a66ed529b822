package dev.jsupervisor.rpc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts the values Apache XML-RPC 3.1.3 decodes into the small set the namespaces see, mirroring
 * what supervisord's own unmarshaller hands its methods: arrays become unmodifiable {@link List}s,
 * structs unmodifiable {@link Map}s with string keys, {@code base64} becomes the UTF-8 text it
 * encodes (supervisord decodes base64 to a string too). Integer, Boolean, Double, String and Date
 * pass through. Stateless.
 */
final class Values {
  private Values() {}

  static List<Object> normalizeAll(List<?> raw) {
    List<Object> out = new ArrayList<>(raw.size());
    for (Object o : raw) {
      out.add(normalize(o));
    }
    return Collections.unmodifiableList(out);
  }

  static Object normalize(Object o) {
    if (o instanceof Object[] array) {
      return normalizeAll(List.of(array));
    }
    if (o instanceof List<?> list) {
      return normalizeAll(list);
    }
    if (o instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    if (o instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return o;
  }
}
