package dev.jsupervisor.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.web.testing.TestServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class CsrfGuardTest {
  private final AtomicInteger reached = new AtomicInteger();
  private final TestServer server = new TestServer(routes -> {
    CsrfGuard guard = new CsrfGuard(ex -> {
      reached.incrementAndGet();
      ex.getResponseSender().send("done");
    });
    routes.post("/act", guard);
    routes.put("/act", guard);
    routes.get("/act", guard);
  });

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void post_withMarkerHeader_passes() {
    var r = server.post("/act", "", "X-Requested-With", "curl");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(reached).hasValue(1);
  }

  @Test
  void post_withoutMarkerHeader_isRefusedWith403Json() {
    var r = server.post("/act", "a=b", "Content-Type", "application/x-www-form-urlencoded");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("\"fault\":\"CSRF\"").contains("X-Requested-With");
    assertThat(reached).hasValue(0);
  }

  @Test
  void put_withoutMarkerHeader_isRefused() {
    assertThat(server.put("/act").statusCode()).isEqualTo(403);
    assertThat(reached).hasValue(0);
  }

  @Test
  void post_fromOtherOrigin_isRefusedEvenWithMarker() {
    var r = server.post("/act", "", "X-Requested-With", "x", "Origin", "http://evil.example");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("origin http://evil.example");
    assertThat(reached).hasValue(0);
  }

  @Test
  void post_fromSameOrigin_passes() {
    var r = server.post("/act", "", "X-Requested-With", "x", "Origin", server.base());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void post_crossSiteFetchMetadata_isRefused() {
    var r = server.post("/act", "", "X-Requested-With", "x", "Sec-Fetch-Site", "cross-site");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(reached).hasValue(0);
  }

  @Test
  void post_scriptWithAuthorizationAndNoBrowserHeaders_passesWithoutMarker() {
    // curl -u user:pass -X POST …, as scripts written for the Go port do
    var r = server.post("/act", "", "Authorization", "Basic dXNlcjpwYXNz");
    assertThat(r.statusCode()).isEqualTo(200);
    var put = server.put("/act", "Authorization", "Basic dXNlcjpwYXNz");
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(reached).hasValue(2);
  }

  @Test
  void post_withAuthorizationFromABrowser_stillNeedsTheMarker() {
    // a browser sends cached credentials along, but also Origin or Sec-Fetch-*: those requests stay guarded
    String auth = "Basic dXNlcjpwYXNz";
    assertThat(server.post("/act", "", "Authorization", auth, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(server.post("/act", "", "Authorization", auth, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
    assertThat(server.post("/act", "", "Authorization", auth, "Sec-Fetch-Mode", "navigate").statusCode()).isEqualTo(403);
    assertThat(server.post("/act", "", "Authorization", auth, "Origin", server.base()).statusCode()).isEqualTo(403);
    assertThat(server.post("/act", "", "Authorization", auth, "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(403);
    assertThat(reached).hasValue(0);
    assertThat(server.post("/act", "", "Authorization", auth, "Origin", server.base(), "X-Requested-With", "p")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void post_withoutAuthorizationOrMarker_isRefusedEvenWithoutBrowserHeaders() {
    assertThat(server.post("/act", "").statusCode()).isEqualTo(403);
    assertThat(reached).hasValue(0);
  }

  @Test
  void get_needsNoMarker() {
    assertThat(server.get("/act").statusCode()).isEqualTo(200);
  }

  @Test
  void sameOrigin_comparesHostAndPort() {
    assertThat(CsrfGuard.sameOrigin("http://box:9001", "box:9001")).isTrue();
    assertThat(CsrfGuard.sameOrigin("http://box", "box")).isTrue();
    assertThat(CsrfGuard.sameOrigin("http://box", "box:80")).isTrue();
    assertThat(CsrfGuard.sameOrigin("https://box", "box:443")).isTrue();
    assertThat(CsrfGuard.sameOrigin("http://box:9002", "box:9001")).isFalse();
    assertThat(CsrfGuard.sameOrigin("http://evil", "box:9001")).isFalse();
    assertThat(CsrfGuard.sameOrigin("null", "box")).isFalse();
    assertThat(CsrfGuard.sameOrigin("http://[::1]:9001", "[::1]:9001")).isTrue();
  }
}
