package syncf.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.Dimension;
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
 * {@code chromium-driver} ({@code .ci/run} installs both), never a browser or driver that Selenium
 * Manager would download (the driver's path is given, so it does not run). Closing it quits the
 * browser and stops the chromedriver process.
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

    /** How long {@link #await} waits by default: a page fed by a job's progress may take a scan interval. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(390, 844);

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /*
     * Selenium logs through java.util.logging. Its CDP support looks for a selenium-devtools module
     * matching the browser's version at every start and warns when there is none; we use no CDP
     * (authentication goes through WebDriver BiDi), so that warning is noise. Held here: the
     * logging framework keeps loggers only weakly, and a collected one would forget its level.
     */
    private static final Logger CDP_VERSION_FINDER = quiet("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final Logger CHROMIUM_DRIVER = quiet("org.openqa.selenium.chromium.ChromiumDriver");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private boolean closed;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Starts a headless Chromium in a fresh profile, with a desktop-sized window. */
    public static Browser start() {
        Path chromium = Path.of(System.getProperty("syncf.it.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("syncf.it.chromedriver", "/usr/bin/chromedriver"));
        requireExecutable(chromium, "syncf.it.chromium");
        requireExecutable(chromedriver, "syncf.it.chromedriver");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // the tests run as root, where Chromium's sandbox refuses to start
                "--disable-dev-shm-usage",
                "--disable-gpu",
                // no calls home: this machine's network is closed, and they would only fail (and retry)
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check",
                "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
        // WebDriver BiDi, for withBasicAuth: unlike CDP it needs no Selenium module per Chromium version
        options.enableBiDi();
        // a confirm() stays open for the test to accept or dismiss (with BiDi, chromedriver dismissed it at once)
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
                    + " (they must be the same version; .ci/run installs the Debian packages chromium and"
                    + " chromium-driver): " + e.getMessage(), e);
        }
    }

    /**
     * Starts a browser that answers every HTTP Basic challenge with these credentials: the page, its
     * scripts' {@code fetch()} calls and its {@code EventSource} alike. (Credentials in the URL would
     * not do: a page whose own URL holds them may not fetch relative URLs.)
     */
    public static Browser withBasicAuth(String user, String password) {
        UsernameAndPassword credentials = new UsernameAndPassword(
                Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
        Browser browser = start();
        try {
            browser.driver.network().addAuthenticationHandler(credentials);
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

    /** The window at a phone's size (the page's viewport is then {@link #PHONE} wide). */
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
        // a page that redraws replaces the elements a condition holds (WebDriverWait already ignores NotFound)
        wait.ignoring(StaleElementReferenceException.class);
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            Path shot = screenshot("timeout-" + System.currentTimeMillis());
            throw new TimeoutException(e.getMessage() + "\nthe page then: " + shot.toAbsolutePath(), e);
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

    /** Quits the browser and stops chromedriver, also when the browser no longer answers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    private static void requireExecutable(Path file, String property) {
        if (!Files.isExecutable(file)) {
            throw new IllegalStateException("no executable " + file + " (system property " + property
                    + "): .ci/run installs the Debian packages chromium and chromium-driver,"
                    + " or apt-get install chromium chromium-driver");
        }
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }
}
