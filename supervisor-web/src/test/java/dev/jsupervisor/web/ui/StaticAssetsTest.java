package dev.jsupervisor.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.web.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

final class StaticAssetsTest {
  private static final TestServer SERVER = new TestServer(routes -> {
    StaticAssets assets = new StaticAssets();
    routes.get("/", assets);
    routes.get("/index.html", assets);
    routes.get("/ui/{file}", assets);
  });

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @Test
  void root_servesThePageWithAStrictPolicy() {
    var r = SERVER.get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'").contains("frame-ancestors 'none'");
    assertThat(r.body()).contains("<script src=\"ui/app.js\"");
  }

  @Test
  void page_loadsNothingFromTheInternet() {
    for (String f : StaticAssets.FILES) {
      // an SVG's xmlns is a name, not something fetched
      String body = SERVER.get(f.equals("index.html") ? "/index.html" : "/ui/" + f).body()
          .replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
      assertThat(body).as(f).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
    }
  }

  @Test
  void asset_withMatchingEtag_is304() {
    var first = SERVER.get("/ui/app.js");
    assertThat(first.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(SERVER.get("/ui/app.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  @Test
  void unknownAsset_is404() {
    assertThat(SERVER.get("/ui/nope.js").statusCode()).isEqualTo(404);
  }
}
