package dev.jsupervisor.web.ui;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static dev.jsupervisor.web.testing.Fixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.RestartPolicy;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.FakeDaemon;
import dev.jsupervisor.rpc.RpcDispatcher;
import dev.jsupervisor.web.InetListener;
import dev.jsupervisor.web.WebServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page behind basic auth, opened as {@code http://user:pass@host:port/} (fetch refuses URLs with
 * credentials, so the page must not build its requests from that URL), with its pictures: CPU and
 * memory sparklines, restarts, the state timeline, deep links, remembered group collapse, the phone
 * layout. Screenshots at 5 and 300 processes go to target/screenshots/.
 */
@Tag("integration")
@Timeout(150)
final class WebUiPicturesBrowserTest {
  @TempDir Path dir;
  private Supervisor supervisor;
  private WebServer server;
  private WebDriver browser;

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.stop();
    }
    if (supervisor != null) {
      supervisor.stopAsync().get(60, TimeUnit.SECONDS);
    }
  }

  /** Starts the groups behind a real WebServer with user admin / password s3cret; returns its port. */
  private int serve(List<GroupSpec> groups) throws Exception {
    Supervisor.Builder b = Supervisor.builder().childLogDir(dir).identifier("pictures");
    groups.forEach(b::group);
    supervisor = b.build();
    FakeDaemon daemon = new FakeDaemon(Files.writeString(dir.resolve("supervisord.log"), "supervisord started\n"));
    daemon.identification = "pictures";
    server = WebServer.builder()
        .inet(new InetListener("127.0.0.1", 0, Optional.of("admin"), Optional.of("s3cret")))
        .dispatcher(new RpcDispatcher(supervisor, daemon))
        .supervisor(supervisor)
        .extraRoutes(routes -> WebApp.register(routes, supervisor, daemon))
        .build();
    server.start();
    supervisor.startAsync();
    browser = WebUiBrowserTest.chromium(dir.resolve("chrome-profile"));
    return server.inetAddresses().get(0).getPort();
  }

  private static ProcessSpec member(String group, String name, String command, boolean autostart) {
    return spec(name, command, autostart).toBuilder().program(group).build();
  }

  private WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private String badge(String name) {
    List<WebElement> b = browser.findElements(By.cssSelector("tr.proc[data-name='" + name + "'] .badge"));
    return b.isEmpty() ? "" : b.get(0).getText();
  }

  private int count(String chip) {
    return Integer.parseInt(browser.findElement(By.id("n-" + chip)).getText());
  }

  private void screenshot(String file) throws Exception {
    WebUiBrowserTest.screenshot(browser, file);
  }

  @Test
  void fiveProcesses_openedWithCredentialsInTheUrl_workAndShowTheirPictures() throws Exception {
    int port = serve(List.of(
        new GroupSpec("web", 999, List.of(
            member("web", "api", "/bin/sh -c 'echo api listening; exec /bin/sleep 120'", true),
            member("web", "worker", "/bin/sh -c 'i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done; exec /bin/sleep 120'", true))),
        GroupSpec.single(spec("flaky", "/bin/sh -c 'sleep 1; exit 3'", true).toBuilder()
            .autorestart(RestartPolicy.ALWAYS).build()),
        GroupSpec.single(spec("broken", "/nonexistent/program", true)),
        GroupSpec.single(spec("idle", "/bin/sleep 120", false))));
    awaitState(supervisor, ProcessName.parse("web:api"), ProcessState.RUNNING);
    String base = "http://admin:s3cret@127.0.0.1:" + port + "/";

    browser.get(base);
    waitUpTo(10).until(d -> badge("web:api").equals("RUNNING") && badge("broken").equals("FATAL"));
    assertThat(browser.findElement(By.id("ident")).getText()).isEqualTo("pictures"); // fetch worked
    // counters that add up: FATAL is a problem, not running
    assertThat(count("running") + count("stopped") + count("problem")).isEqualTo(count("all")).isEqualTo(5);
    assertThat(browser.findElement(By.cssSelector("tr.group[data-group='web'] .summary")).getText()).isEqualTo("2 of 2 running");
    // sparklines: two samples five seconds apart draw a line; memory is known from the first
    waitUpTo(20).until(d -> !d.findElement(By.cssSelector("tr.proc[data-name='web:api'] td.mem polyline.line"))
        .getAttribute("points").isEmpty());
    assertThat(browser.findElement(By.cssSelector("tr.proc[data-name='web:api'] td.mem .val")).getText()).endsWith("iB");
    waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr.proc[data-name='flaky'] td.desc")).getText().contains("↻"));
    screenshot("webui-5-processes.png");

    // a state-changing request with credentials in the page's URL
    browser.findElement(By.cssSelector("tr.proc[data-name='web:api'] button[data-act='stop']")).click();
    waitUpTo(15).until(d -> badge("web:api").equals("STOPPED"));
    assertThat(browser.findElement(By.cssSelector("tr.group[data-group='web'] .summary")).getText()).isEqualTo("1 of 2 running");

    // a fault in words
    browser.findElement(By.cssSelector("tr.proc[data-name='broken'] button[data-act='start']")).click();
    WebElement error = waitUpTo(15).until(d -> d.findElements(By.cssSelector(".toast.error")).stream().findFirst().orElse(null));
    assertThat(error.getText()).containsAnyOf("could not be started", "does not exist", "cannot be executed")
        .doesNotContain("SPAWN_ERROR");

    // clearing a log asks first; cancelling keeps it
    browser.findElement(By.cssSelector("tr.proc[data-name='web:worker'] td.actions button[title^='Clear the logs']")).click();
    waitUpTo(5).until(d -> d.findElement(By.id("confirm")).isDisplayed());
    assertThat(browser.findElement(By.id("confirm-text")).getText()).contains("Clear the stdout and stderr logs of web:worker");
    browser.findElement(By.id("confirm-cancel")).click();

    // the main log has no stdout/stderr tabs
    browser.findElement(By.id("main-log")).click();
    waitUpTo(10).until(d -> d.findElement(By.id("log-text")).getText().contains("supervisord started"));
    assertThat(browser.findElement(By.id("log-tabs")).isDisplayed()).isFalse();
    assertThat(browser.getCurrentUrl()).endsWith("#mainlog=1");
    browser.findElement(By.id("log-close")).click();

    // deep links: a process's details with its timeline, a log, a filter
    browser.get(base + "#proc=flaky");
    waitUpTo(10).until(d -> d.findElements(By.cssSelector("#proc-timeline .tl-list li")).size() >= 3);
    assertThat(browser.findElement(By.id("proc-title")).getText()).isEqualTo("flaky");
    assertThat(browser.findElements(By.cssSelector("#proc-timeline .tl-seg[data-state='RUNNING']"))).isNotEmpty();
    assertThat(browser.findElement(By.id("proc-timeline")).getText()).contains("unexpected exit");
    screenshot("webui-5-timeline.png");
    browser.get(base + "#log=web:api");
    waitUpTo(10).until(d -> d.findElement(By.id("log-text")).getText().contains("api listening"));
    browser.get(base + "#q=web&show=stopped");
    waitUpTo(10).until(d -> d.findElement(By.cssSelector("tr.proc[data-name='web:api']")).isDisplayed());
    assertThat(browser.findElement(By.id("filter")).getAttribute("value")).isEqualTo("web");
    assertThat(browser.findElement(By.cssSelector("tr.proc[data-name='web:worker']")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.cssSelector("tr.proc[data-name='idle']")).isDisplayed()).isFalse();

    // group collapse is remembered across a reload
    browser.get(base);
    waitUpTo(10).until(d -> !badge("web:worker").isEmpty());
    browser.findElement(By.cssSelector("tr.group[data-group='web'] .toggle")).click();
    browser.navigate().refresh();
    waitUpTo(10).until(d -> badge("broken").equals("FATAL"));
    assertThat(browser.findElement(By.cssSelector("tr.proc[data-name='web:worker']")).isDisplayed()).isFalse();
    browser.findElement(By.cssSelector("tr.group[data-group='web'] .toggle")).click();

    // a phone: nothing is cut off on the right
    browser.manage().window().setSize(new Dimension(390, 844));
    waitUpTo(5).until(d -> d.findElement(By.cssSelector("tr.proc[data-name='web:worker']")).isDisplayed());
    long width = (Long) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth;");
    for (WebElement b : browser.findElements(By.cssSelector("td.actions button, .top-actions button"))) {
      if (b.isDisplayed()) {
        assertThat(b.getRect().getX() + b.getRect().getWidth()).as(b.getAttribute("title")).isLessThanOrEqualTo((int) width);
      }
    }
    screenshot("webui-5-phone.png");
  }

  @Test
  void threeHundredProcesses_render_andAddUp() throws Exception {
    List<GroupSpec> groups = new ArrayList<>();
    for (int g = 0; g < 30; g++) {
      String group = String.format("pool%02d", g);
      List<ProcessSpec> members = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        boolean broken = g == 7 && i < 3;
        members.add(member(group, "worker_" + i, broken ? "/nonexistent/program" : "/bin/sleep 120", g % 3 == 0 || broken));
      }
      groups.add(new GroupSpec(group, 999, members));
    }
    int port = serve(groups);
    awaitState(supervisor, ProcessName.parse("pool00:worker_9"), ProcessState.RUNNING);
    awaitState(supervisor, ProcessName.parse("pool27:worker_9"), ProcessState.RUNNING);
    browser.get("http://admin:s3cret@127.0.0.1:" + port + "/");
    waitUpTo(20).until(d -> d.findElements(By.cssSelector("tr.proc")).size() == 300 && badge("pool00:worker_0").equals("RUNNING"));
    waitUpTo(20).until(d -> count("problem") == 3);
    assertThat(count("running")).isEqualTo(100);
    assertThat(count("running") + count("stopped") + count("problem")).isEqualTo(300);
    assertThat(browser.findElement(By.cssSelector("tr.group[data-group='pool07'] .problems")).getText()).isEqualTo("3 problems");
    waitUpTo(20).until(d -> !d.findElement(By.cssSelector("tr.proc[data-name='pool00:worker_0'] td.mem polyline.line"))
        .getAttribute("points").isEmpty());
    screenshot("webui-300-processes.png");
    browser.findElement(By.cssSelector("#chips [data-filter='problem']")).click();
    assertThat(browser.getCurrentUrl()).endsWith("#show=problem");
    screenshot("webui-300-problems.png");
  }
}
