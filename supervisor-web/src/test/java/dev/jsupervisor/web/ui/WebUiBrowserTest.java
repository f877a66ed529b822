package dev.jsupervisor.web.ui;

import static dev.jsupervisor.web.testing.Fixture.awaitState;
import static dev.jsupervisor.web.testing.Fixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.rpc.FakeDaemon;
import dev.jsupervisor.web.testing.TestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in Debian's headless chromium against a running engine with real processes: stop and
 * start by clicking, see the state change, see a failed start's error, follow a log. Screenshots go
 * to target/screenshots/.
 */
@Tag("integration")
@Timeout(120)
final class WebUiBrowserTest {
  private static final ProcessName SLEEPER = ProcessName.of("sleeper");

  @TempDir Path dir;
  private Supervisor supervisor;
  private TestServer server;
  private WebDriver browser;
  private FakeDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    List<GroupSpec> groups = new java.util.ArrayList<>(List.of(
        GroupSpec.single(spec("sleeper", "/bin/sh -c 'echo ready to serve; exec /bin/sleep 60'", true)),
        GroupSpec.single(spec("broken", "/nonexistent/program", false))));
    for (int g = 0; g < 3; g++) {
      List<dev.jsupervisor.core.ProcessSpec> members = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        members.add(spec("worker_" + i, "/bin/sleep 60", g != 2).toBuilder().program("pool" + g).build());
      }
      groups.add(new GroupSpec("pool" + g, 999, members));
    }
    Supervisor.Builder b = Supervisor.builder().childLogDir(dir).identifier("e2e-box");
    groups.forEach(b::group);
    supervisor = b.build();
    Path mainLog = Files.writeString(dir.resolve("supervisord.log"), "2026-11-25 10:00:00,000 INFO supervisord started\n");
    daemon = new FakeDaemon(mainLog);
    daemon.identification = "testbox";
    server = new TestServer(routes -> WebApp.register(routes, supervisor, daemon));
    supervisor.startAsync();
    awaitState(supervisor, SLEEPER, ProcessState.RUNNING);
    browser = chromium(dir.resolve("chrome-profile"));
  }

  static WebDriver chromium(Path profile) {
    assertThat(new File("/usr/bin/chromium")).as("Debian's chromium (apt-get install chromium)").exists();
    assertThat(new File("/usr/bin/chromedriver")).as("Debian's chromium-driver").exists();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1280,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (supervisor != null) {
      supervisor.stopAsync().get(30, TimeUnit.SECONDS);
    }
  }

  private WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(browser, Duration.ofSeconds(seconds));
  }

  private String badge(String name) {
    return browser.findElement(By.cssSelector("tr.proc[data-name='" + name + "'] .badge")).getText();
  }

  private void click(String name, String action) {
    browser.findElement(By.cssSelector("tr.proc[data-name='" + name + "'] button[data-act='" + action + "']")).click();
  }

  private void screenshot(String file) throws Exception {
    screenshot(browser, file);
  }

  /** Saves what {@code browser} shows as target/screenshots/{@code file} (to be looked at). */
  static void screenshot(WebDriver browser, String file) throws Exception {
    Path out = Path.of("target", "screenshots");
    Files.createDirectories(out);
    File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), out.resolve(file), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void stopAndStart_byClicking_changeTheShownState() throws Exception {
    browser.get(server.base() + "/");
    waitUpTo(10).until(d -> badge("sleeper").equals("RUNNING"));
    assertThat(browser.findElement(By.id("ident")).getText()).isEqualTo("testbox");
    screenshot("webui-running.png");

    click("sleeper", "stop");
    waitUpTo(15).until(d -> badge("sleeper").equals("STOPPED"));
    assertThat(supervisor.snapshot().process(SLEEPER).orElseThrow().state()).isEqualTo(ProcessState.STOPPED);

    click("sleeper", "start");
    waitUpTo(15).until(d -> badge("sleeper").equals("RUNNING"));
    assertThat(supervisor.snapshot().process(SLEEPER).orElseThrow().state()).isEqualTo(ProcessState.RUNNING);

    click("broken", "start");
    WebElement error = waitUpTo(15).until(d -> d.findElements(By.cssSelector(".toast.error")).stream().findFirst().orElse(null));
    assertThat(error.getText()).containsAnyOf("could not be started", "does not exist", "cannot be executed");
    screenshot("webui-error.png");
  }

  @Test
  void logView_showsAndFollowsOutput() throws Exception {
    browser.get(server.base() + "/");
    waitUpTo(10).until(d -> badge("sleeper").equals("RUNNING"));
    browser.findElement(By.cssSelector("tr.proc[data-name='sleeper'] td.actions button[title^='Show the output']")).click();
    waitUpTo(10).until(d -> d.findElement(By.id("log-text")).getText().contains("ready to serve"));
    Path log = Path.of(supervisor.snapshot().process(SLEEPER).orElseThrow().stdoutLogfile());
    Files.writeString(log, "appended later\n", java.nio.file.StandardOpenOption.APPEND);
    waitUpTo(10).until(d -> d.findElement(By.id("log-text")).getText().contains("appended later"));
    screenshot("webui-log.png");
  }

  @Test
  void update_showsThePlanFirst_thenRestartsOnlyWhatChanged() throws Exception {
    List<GroupSpec> active = supervisor.snapshot().groups();
    daemon.configured = active;
    daemon.updateGrain = dev.jsupervisor.core.UpdateGrain.PROCESS;
    List<GroupSpec> edited = new java.util.ArrayList<>();
    for (GroupSpec g : active) {
      if (g.name().equals("pool2")) {
        List<dev.jsupervisor.core.ProcessSpec> members = new java.util.ArrayList<>(g.processes());
        members.add(spec("worker_4", "/bin/sleep 60", false).toBuilder().program("pool2").build());
        g = new GroupSpec("pool2", g.priority(), members);
      }
      edited.add(g);
    }
    daemon.onReread = edited;
    browser.get(server.base() + "/");
    waitUpTo(10).until(d -> badge("sleeper").equals("RUNNING"));
    int pid = supervisor.snapshot().process(SLEEPER).orElseThrow().pid();

    browser.findElement(By.id("update")).click();
    String plan = waitUpTo(10).until(d -> {
      WebElement t = d.findElement(By.id("confirm-text"));
      return t.isDisplayed() && t.getText().contains("pool2") ? t.getText().replaceAll("\\s+", " ") : null;
    });
    assertThat(plan).contains("changed: pool2 add pool2:worker_4 keep pool2:worker_0")
        .contains("unchanged: broken pool0 pool1 sleeper");
    screenshot("webui-update-plan.png");
    assertThat(supervisor.snapshot().process(ProcessName.parse("pool2:worker_4"))).isEmpty();

    browser.findElement(By.id("confirm-ok")).click();
    waitUpTo(15).until(d -> !d.findElements(By.cssSelector("tr.proc[data-name='pool2:worker_4']")).isEmpty());
    assertThat(supervisor.snapshot().process(SLEEPER).orElseThrow().pid()).isEqualTo(pid);
  }
}
