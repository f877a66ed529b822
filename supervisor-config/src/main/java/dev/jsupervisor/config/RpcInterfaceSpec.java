package dev.jsupervisor.config;

import java.util.Map;

/**
 * An {@code [rpcinterface:x]} section.
 *
 * @param name the XML-RPC namespace ({@code x})
 * @param factory the {@code supervisor.rpcinterface_factory} value
 * @param extras the other keys, passed to a factory in supervisord
 * @param builtin whether this is supervisord's own {@code supervisor.rpcinterface:make_main_rpcinterface}
 *     (the daemon's built-in namespace); others are kept but not loadable (a warning says so)
 */
public record RpcInterfaceSpec(String name, String factory, Map<String, String> extras, boolean builtin) {
  /** supervisord's standard factory line. */
  public static final String MAIN_FACTORY = "supervisor.rpcinterface:make_main_rpcinterface";

  public RpcInterfaceSpec {
    extras = Map.copyOf(extras);
  }
}
