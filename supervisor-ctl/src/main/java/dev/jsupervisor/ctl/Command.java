package dev.jsupervisor.ctl;

/**
 * One supervisorctl action ({@code do_status}, {@code do_start}, ...). Implementations are
 * stateless; they run on the thread that runs the session and write only through the session.
 */
interface Command {
  /** The action word, e.g. {@code status}. */
  String name();

  /**
   * Runs the action with the rest of the line as {@code arg} (already stripped). Sets the
   * session's exit status on failure.
   *
   * @throws RpcFault for a fault the action does not handle (the session prints it)
   * @throws ServerException when the server cannot be reached (the session prints it)
   */
  void run(CtlSession s, String arg) throws RpcFault, ServerException;

  /** Prints {@code help <name>}. */
  void help(CtlSession s);

  /** Whether the action ends the interactive shell ({@code quit}, {@code exit}, EOF). */
  default boolean endsShell() {
    return false;
  }
}
