/**
 * The web UI: {@link dev.jsupervisor.web.ui.WebApp} mounts the page, its static assets (plain
 * HTML/CSS/JavaScript from the jar, nothing from the internet), the REST API and {@code /metrics} on
 * the web server's routing tree.
 */
package dev.jsupervisor.web.ui;
