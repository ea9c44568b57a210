package syncf.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The page-test helper against pages of the JDK's HTTP server, on loopback: no SyncF node, so it is
 * cheap in every failsafe execution. A page whose button rewrites a text a moment after the click,
 * and a page behind HTTP Basic whose script fetches a protected resource and follows a protected
 * event stream (as the dashboard's EventSource will).
 */
class BrowserIT {

    private static final String USER = "admin";
    private static final String PASSWORD = "s3cret pass";
    private static final String EXPECTED_AUTHORIZATION =
            "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(UTF_8));

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>BrowserIT</title></head>
            <body>
              <h1>BrowserIT</h1>
              <p id="state">waiting</p>
              <button id="go">Go</button>
              <script>
                document.getElementById('go').addEventListener('click', () =>
                  setTimeout(() => { document.getElementById('state').textContent = 'clicked'; }, 300));
              </script>
            </body></html>
            """;

    private static final String SECURE_PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>secure</title></head>
            <body>
              <p id="owner">only for admin</p>
              <p id="fetched">-</p>
              <p id="streamed">-</p>
              <script>
                fetch('data').then(r => r.ok ? r.text() : 'HTTP ' + r.status)
                  .then(t => { document.getElementById('fetched').textContent = t; });
                const events = new EventSource('events');
                events.onmessage = e => { document.getElementById('streamed').textContent = e.data; events.close(); };
              </script>
            </body></html>
            """;

    private HttpServer server;
    private URI base;
    /** The Authorization header of each request to /secure/ ("none" without one), in order. */
    private final Queue<String> secureRequests = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> answer(exchange, 200, "text/html", PAGE));
        server.createContext("/secure/", this::secure);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stopServing() {
        server.stop(0);
    }

    @Test
    void clickRewritesTheTextAndTheScreenshotIsSaved() throws IOException {
        try (Browser browser = Browser.start()) {
            browser.open(base);
            assertEquals("waiting", browser.driver().findElement(By.id("state")).getText());

            browser.driver().findElement(By.id("go")).click();
            browser.await(ExpectedConditions.textToBe(By.id("state"), "clicked"));

            Path png = browser.screenshot("browser-it-clicked");
            assertEquals(Path.of("target", "screenshots", "browser-it-clicked.png"), png);
            byte[] bytes = Files.readAllBytes(png);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    Arrays.copyOf(bytes, 8), "a PNG file");
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(Browser.DESKTOP.getWidth(), image.getWidth(), "the screenshot is the viewport");
        }
    }

    @Test
    void phoneNarrowsTheViewport() {
        try (Browser browser = Browser.start()) {
            browser.open(base);
            assertEquals(1280L, innerWidth(browser));
            browser.phone();
            assertEquals(390L, innerWidth(browser));
            browser.desktop();
            assertEquals(1280L, innerWidth(browser));
        }
    }

    @Test
    void basicAuthOpensTheProtectedPageItsFetchAndItsEventSource() {
        try (Browser browser = Browser.withBasicAuth(USER, PASSWORD)) {
            browser.open(base.resolve("secure/"));
            assertEquals("only for admin", browser.driver().findElement(By.id("owner")).getText());
            browser.await(ExpectedConditions.textToBe(By.id("fetched"), "the protected data"));
            browser.await(ExpectedConditions.textToBe(By.id("streamed"), "the protected stream"));
        }
        // the browser met the challenge like a person's would, and answered it
        assertEquals("none", secureRequests.peek());
        assertTrue(secureRequests.contains(EXPECTED_AUTHORIZATION), secureRequests.toString());
    }

    @Test
    void withoutCredentialsTheProtectedPageIsNotShown() {
        try (Browser browser = Browser.start()) {
            browser.open(base.resolve("secure/"));
            assertTrue(browser.driver().findElements(By.id("owner")).isEmpty());
        }
        assertEquals(List.of("none"), List.copyOf(secureRequests));
    }

    @Test
    void closeStopsChromedriverAndChromium() throws Exception {
        Browser browser = Browser.start();
        List<ProcessHandle> started = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().filter(c -> c.endsWith("/chromedriver") || c.endsWith("/chromium"))
                        .isPresent())
                .toList();
        assertTrue(started.stream().anyMatch(p -> p.info().command().orElseThrow().endsWith("/chromedriver")),
                "chromedriver runs: " + started);

        browser.close();
        for (ProcessHandle process : started) {
            process.onExit().get(10, TimeUnit.SECONDS);
        }
        browser.close(); // a second close is harmless
    }

    @Test
    void aMissingBrowserIsNamedWithTheInstallStep() {
        Path missing = Path.of("target", "no-such-chromium");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Browser.start(missing, Path.of("/usr/bin/chromedriver")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(".ci/run installs the Debian packages chromium and chromium-driver"),
                e.getMessage());
    }

    private void secure(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        secureRequests.add(authorization == null ? "none" : authorization);
        if (!EXPECTED_AUTHORIZATION.equals(authorization)) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"BrowserIT\", charset=\"UTF-8\"");
            answer(exchange, 401, "text/plain", "credentials, please");
        } else if (exchange.getRequestURI().getPath().equals("/secure/data")) {
            answer(exchange, 200, "text/plain", "the protected data");
        } else if (exchange.getRequestURI().getPath().equals("/secure/events")) {
            answer(exchange, 200, "text/event-stream", "data: the protected stream\n\n");
        } else {
            answer(exchange, 200, "text/html", SECURE_PAGE);
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Object innerWidth(Browser browser) {
        return ((JavascriptExecutor) browser.driver()).executeScript("return window.innerWidth");
    }
}
