/**
 * supervisord's HTTP server: {@link dev.jsupervisor.web.WebServer} serves the same handlers (XML-RPC
 * at {@code /RPC2}, {@code /logtail}, {@code /mainlogtail} and the routes other modules add) on
 * every configured {@code [inet_http_server]} and {@code [unix_http_server]}, each with its own Basic
 * auth credentials.
 */
package dev.jsupervisor.web;
