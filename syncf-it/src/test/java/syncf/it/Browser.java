package syncf.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.HasAuthentication;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for page tests: the machine's Debian {@code chromium}, driven through its
 * {@code chromium-driver} ({@code .ci/run} installs both; {@code -Dsyncf.it.chromium} and
 * {@code -Dsyncf.it.chromedriver} name others). The driver's path is given, so Selenium Manager
 * never runs and nothing is downloaded. Closing it quits the browser and stops chromedriver.
 *
 * <pre>{@code
 * try (Browser browser = Browser.start()) {
 *     browser.open(node.uri("/"));
 *     browser.await(ExpectedConditions.textToBe(By.id("state"), "running"));
 *     browser.screenshot("dashboard-running");
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

    /** How long {@link #await} waits by default: a page fed by a job's progress may wait for a scan. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The window's size at the start; the page's viewport is then 1280 x 757. */
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    /** The window's size after {@link #phone()}; the page's viewport is then 390 x 701. */
    public static final Dimension PHONE = new Dimension(390, 844);

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Optional<ProcessHandle> chromium;
    private boolean closed;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
        this.chromium = Optional.ofNullable(driver.getCapabilities().getCapability("goog:processID"))
                .map(pid -> Long.parseLong(pid.toString()))
                .flatMap(ProcessHandle::of);
    }

    /** Starts a headless Chromium in a fresh profile, with a desktop-sized window. */
    public static Browser start() {
        return start(Path.of(System.getProperty("syncf.it.chromium", "/usr/bin/chromium")),
                Path.of(System.getProperty("syncf.it.chromedriver", "/usr/bin/chromedriver")));
    }

    static Browser start(Path chromium, Path chromedriver) {
        requireExecutable(chromium, "syncf.it.chromium");
        requireExecutable(chromedriver, "syncf.it.chromedriver");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // the tests run as root, and Chromium's sandbox refuses root
                "--disable-dev-shm-usage",
                "--disable-gpu",
                // no calls home: this machine's network is closed, they would only fail and retry
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check",
                "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
        // a confirm() stays open until the test accepts or dismisses it (the default dismisses it at the next command)
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        try {
            return new Browser(service, new ChromeDriver(service, options));
        } catch (WebDriverException e) {
            service.stop();
            throw new IllegalStateException("Chromium " + chromium + " did not start through " + chromedriver
                    + " (the two must be of one version: .ci/run installs the Debian packages chromium and"
                    + " chromium-driver): " + e.getMessage(), e);
        }
    }

    /**
     * Starts a browser that answers every HTTP Basic challenge with these credentials: the page's, and
     * those of its {@code fetch()} calls and its {@code EventSource}. (Credentials in the URL would not
     * do: a page whose own URL holds them may not fetch relative URLs.) Through the DevTools protocol,
     * for which Selenium needs its module of Chromium's version (selenium-devtools-vNNN in the pom).
     * Not through WebDriver BiDi ({@code driver.network()}): with Chromium and chromedriver 156, its
     * {@code network.continueWithAuth} got no answer while {@code driver.get} waited for the page.
     */
    public static Browser withBasicAuth(String user, String password) {
        UsernameAndPassword credentials = new UsernameAndPassword(
                Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
        Browser browser = start();
        try {
            ((HasAuthentication) browser.driver).register(() -> credentials);
            return browser;
        } catch (RuntimeException | Error e) {
            browser.close();
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(URI page) {
        driver.get(page.toString());
    }

    public void phone() {
        driver.manage().window().setSize(PHONE);
    }

    public void desktop() {
        driver.manage().window().setSize(DESKTOP);
    }

    /** Waits up to {@link #TIMEOUT} for the condition; on a timeout the page is kept as a screenshot. */
    public <T> T await(ExpectedCondition<T> condition) {
        return await(condition, TIMEOUT);
    }

    public <T> T await(ExpectedCondition<T> condition, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        // a page that redraws replaces the elements a condition holds (NotFound is ignored already)
        wait.ignoring(StaleElementReferenceException.class);
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            Path shot;
            try {
                shot = screenshot("timeout-" + System.currentTimeMillis());
            } catch (RuntimeException noScreenshot) {
                e.addSuppressed(noScreenshot);
                throw e;
            }
            throw new TimeoutException(e.getRawMessage() + " The page then: " + shot.toAbsolutePath(), e);
        }
    }

    /** Saves what the window shows as {@code target/screenshots/NAME.png}. */
    public Path screenshot(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Quits the browser and stops chromedriver. Should the browser not answer the quit, chromedriver
     * is stopped anyway, and then Chromium too, by its pid: stopping chromedriver alone leaves it
     * running (seen while a navigation hung).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } finally {
            try {
                service.stop();
            } finally {
                chromium.ifPresent(Browser::stop);
            }
        }
    }

    private static void stop(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Chromium " + process.pid() + " did not end after SIGKILL", e);
        }
    }

    private static void requireExecutable(Path file, String property) {
        if (!Files.isExecutable(file)) {
            throw new IllegalStateException("no executable " + file + " (system property " + property
                    + "): .ci/run installs the Debian packages chromium and chromium-driver"
                    + " (apt-get install chromium chromium-driver)");
        }
    }
}
