package io.chronik.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.console.auth.PasswordHash;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.console.Console;
import io.chronik.spi.console.ConsoleConfig;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the console's UI in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}
 * packages), against the packaged jar: sign-in, the three views, the REST API riding on the UI's
 * session, and sign-out. Screenshots of each view land in {@code target/browser-screens/}.
 */
@Timeout(180)
class ConsoleBrowserIT {

    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String PASSWORD = "browser-admin-pw";

    private static Console console;
    private static WebDriver driver;
    private static WebDriverWait wait;
    private static String base;

    @BeforeAll
    static void start() {
        assertThat(CHROMEDRIVER.canExecute()).as("browser tests need: apt-get install -y chromium chromium-driver").isTrue();
        PluginProperties properties = new PluginProperties("console.web.", Map.of("user.root", "admin:"
                + PasswordHash.create(PASSWORD.toCharArray(), PasswordHash.MIN_ITERATIONS, new SecureRandom()).format()));
        console = new WebConsoleProvider().create(new ConsoleConfig(new InetSocketAddress("127.0.0.1", 0), properties),
                new TestConsoleContext(new FixedNode()));
        base = "http://127.0.0.1:" + console.localAddress().getPort();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900");
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void signInBrowseViewsUseTheSessionForRestAndSignOut() throws Exception {
        driver.get(base + "/plugins");
        wait.until(ExpectedConditions.urlToBe(base + "/login"));
        screenshot("login");

        signIn("root", "wrong");
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return document.querySelector('vaadin-login-form').error")));
        assertThat(driver.getCurrentUrl()).isEqualTo(base + "/login");

        signIn("root", PASSWORD);
        wait.until(ExpectedConditions.urlToBe(base + "/plugins"));
        driver.findElement(By.cssSelector("vaadin-side-nav-item[path='']")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/"));
        assertThat(textOf("#node-id")).isEqualTo("7");
        assertThat(textOf("#cluster-id")).isEqualTo("test-cluster");
        assertThat(textOf("#plugins-discovered")).isEqualTo("3");
        assertThat(textOf("#plugins-active")).isEqualTo("2");
        assertThat(driver.findElement(By.tagName("vaadin-app-layout")).getText()).contains("root (admin)");
        screenshot("overview");

        driver.findElement(By.cssSelector("vaadin-side-nav-item[path='plugins']")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/plugins"));
        assertThat(waitForCells("#plugins")).contains("disruptor", "memory", "plugins/memory-wal", "0.2.0", "console");
        screenshot("plugins");

        driver.findElement(By.cssSelector("vaadin-side-nav-item[path='configuration']")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/configuration"));
        assertThat(waitForCells("#configuration")).contains("cluster.id", "test-cluster", "console.web.user.admin", "******");
        screenshot("configuration");

        WebElement filter = driver.findElement(By.cssSelector("vaadin-text-field input"));
        filter.sendKeys("cluster");
        wait.until(d -> cells("#configuration").equals(List.of("Key", "Value", "cluster.id", "test-cluster")));

        // The REST API accepts the UI's session for reads: from the page (fetch sends the cookie) and
        // from any client holding the session cookie, until sign-out ends the session.
        assertThat(fetch("/api/v1/node")).isEqualTo("200 {\"nodeId\":7,\"clusterId\":\"test-cluster\"}");
        Cookie session = driver.manage().getCookieNamed("JSESSIONID");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(getWithCookie("/api/v1/node", session).statusCode()).isEqualTo(200);
        assertThat(sendWithCookie("POST", "/api/v1/node", session).statusCode()).isEqualTo(401);

        driver.findElements(By.tagName("vaadin-button")).stream()
                .filter(button -> button.getText().contains("Sign out"))
                .findFirst().orElseThrow().click();
        wait.until(ExpectedConditions.urlToBe(base + "/login"));
        assertThat(getWithCookie("/api/v1/node", session).statusCode()).isEqualTo(401);
        driver.get(base + "/configuration");
        wait.until(ExpectedConditions.urlToBe(base + "/login"));
    }

    private static HttpResponse<String> getWithCookie(String path, Cookie cookie) throws Exception {
        return sendWithCookie("GET", path, cookie);
    }

    private static HttpResponse<String> sendWithCookie(String method, String path, Cookie cookie) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .header("Cookie", cookie.getName() + "=" + cookie.getValue())
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Status and body of a same-origin fetch from the current page, with the page's cookies. */
    private static String fetch(String path) {
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.text().then(t => done(r.status + ' ' + t)));""", path);
        return String.valueOf(result);
    }

    private static void signIn(String name, String password) {
        WebElement user = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#vaadinLoginUsername input")));
        user.clear();
        user.sendKeys(name);
        WebElement pass = driver.findElement(By.cssSelector("#vaadinLoginPassword input"));
        pass.clear();
        pass.sendKeys(password);
        driver.findElement(By.cssSelector("vaadin-button[slot='submit']")).click();
    }

    private static String textOf(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css))).getText();
    }

    /** The texts of a grid's cells once its rows are rendered (cells are light DOM). */
    private static List<String> waitForCells(String gridCss) {
        return wait.until(d -> {
            List<String> cells = cells(gridCss);
            return cells.size() > 2 ? cells : null;
        });
    }

    /** The non-blank texts of a grid's visible cells, header first. */
    private static List<String> cells(String gridCss) {
        return driver.findElements(By.cssSelector(gridCss + " vaadin-grid-cell-content")).stream()
                .filter(WebElement::isDisplayed)
                .map(WebElement::getText)
                .filter(text -> !text.isBlank())
                .collect(Collectors.toList());
    }

    private static void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "browser-screens");
        Files.createDirectories(dir);
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(dir.resolve(name + ".png"), png);
    }
}
