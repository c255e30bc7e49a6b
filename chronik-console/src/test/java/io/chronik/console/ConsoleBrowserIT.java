package io.chronik.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
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
 * Drives the console in headless Chromium (Debian's {@code chromium} and {@code chromium-driver})
 * against a real node and the packaged console jar: an admin signs in, creates a topic, produces a
 * message and sees it in the message browser, sees a consumer group's lag, reads the metadata log,
 * watches the live charts update and deletes the topic; a viewer sees no change buttons. A
 * screenshot of each main view lands in {@code target/browser-screens/} (the README's pictures in
 * {@code docs/img/} are copied from there).
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String TOPIC = "browser-orders";
    private static final String GROUP = "browser-billing";

    @TempDir
    static Path dir;
    private static RunningNode node;
    private static WebDriver driver;
    private static WebDriverWait wait;
    private static String base;

    @BeforeAll
    static void start() {
        assertThat(CHROMEDRIVER.canExecute()).as("browser tests need: apt-get install -y chromium chromium-driver").isTrue();
        node = new RunningNode(dir.resolve("data"));
        base = node.consoleUrl();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900");
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void adminSignsInCreatesATopicProducesAndBrowsesIt() throws Exception {
        driver.get(base + "/topics");
        wait.until(ExpectedConditions.urlToBe(base + "/login"));
        screenshot("login");
        signIn(RunningNode.ADMIN, "wrong");
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return document.querySelector('vaadin-login-form').error")));
        signIn(RunningNode.ADMIN, RunningNode.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlToBe(base + "/topics"));
        assertThat(waitForCells("#topics")).contains("__consumer_offsets");

        click("#create-topic");
        type("#new-topic-name input", TOPIC);
        type("#new-topic-partitions input", "2");
        type("#new-topic-configs textarea", "retention.ms=86400000");
        click("#create-topic-confirm");
        wait.until(d -> cells("#topics").contains(TOPIC));
        screenshot("topics");

        driver.findElements(By.cssSelector("#topics a")).stream().filter(a -> a.getText().equals(TOPIC))
                .findFirst().orElseThrow().click();
        wait.until(ExpectedConditions.urlToBe(base + "/topics/" + TOPIC));
        assertThat(waitForCells("#partitions")).contains("0", "1");
        assertThat(textOf("#topic-summary")).startsWith("2 partitions");

        tab("Produce");
        type("#produce-partition input", "1");
        type("#produce-key input", "order-17");
        type("#produce-value textarea", "{\"amount\": 42}");
        type("#produce-headers textarea", "source=browser");
        click("#produce-send");
        wait.until(d -> textOf("#produce-result").equals("Written to partition 1 at offset 0"));

        tab("Messages");
        click("#browse-read");
        wait.until(d -> cells("#messages").contains("order-17"));
        assertThat(cells("#messages")).contains("{\"amount\": 42}", "source=browser");
        screenshot("topic-messages");
        tab("Partitions");
        wait.until(d -> cells("#partitions").contains("1"));
        screenshot("topic");

        click("#add-partitions");
        type("#partition-total input", "3");
        click("#add-partitions-confirm");
        wait.until(d -> textOf("#topic-summary").startsWith("3 partitions"));

        tab("Configuration");
        assertThat(waitForCells("#topic-configs")).contains("retention.ms", "86400000", "topic");
        click("#topic-configs vaadin-button[aria-label='Edit retention.ms']");
        type("#config-value input", "3600000");
        click("#config-save");
        wait.until(d -> cells("#topic-configs").contains("3600000"));
        assertThat(node.send("GET", "/api/v1/topics/" + TOPIC, Optional.empty(), Optional.of(RunningNode.admin())).body())
                .contains("{\"name\":\"retention.ms\",\"value\":\"3600000\",\"source\":\"topic\"");
    }

    @Test
    @Order(2)
    void adminSeesAConsumerGroupsLag() throws Exception {
        try (KafkaConsumer<String, String> consumer = node.consumer(GROUP)) {
            consumer.subscribe(List.of(TOPIC));
            int[] seen = {0};
            wait.until(d -> {
                seen[0] += consumer.poll(Duration.ofMillis(200)).count();
                return seen[0] == 1;
            });
            consumer.commitSync();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, 0, null, "unread-1")).get();
            producer.send(new ProducerRecord<>(TOPIC, 1, null, "unread-2")).get();
        }
        driver.findElement(By.cssSelector("vaadin-side-nav-item[path='groups']")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/groups"));
        assertThat(waitForCells("#groups")).contains(GROUP, "Empty", "2");
        screenshot("groups");
        driver.findElements(By.cssSelector("#groups a")).stream().filter(a -> a.getText().equals(GROUP))
                .findFirst().orElseThrow().click();
        wait.until(ExpectedConditions.urlToBe(base + "/groups/" + GROUP));
        assertThat(textOf("#group-summary")).contains("State Empty", "total lag 2");
        assertThat(waitForCells("#group-offsets")).contains(TOPIC, "1", "2");
        assertThat(driver.findElements(By.id("reset-offsets"))).hasSize(1);
        screenshot("group");
    }

    @Test
    @Order(3)
    void metadataLogAndLiveOverview() throws Exception {
        driver.findElement(By.cssSelector("vaadin-side-nav-item[path='metadata']")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/metadata"));
        assertThat(waitForCells("#metadata")).contains("CreateTopic")
                .anySatisfy(cell -> assertThat(cell).startsWith("topic " + TOPIC + " (id "));
        screenshot("metadata");

        driver.findElement(By.cssSelector("vaadin-side-nav-item[path='']")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/"));
        assertThat(textOf("#quorum-role")).isEqualTo("leader");
        assertThat(textOf("#metadata-leader")).isEqualTo("node " + node.server().nodeId());
        assertThat(textOf("#topic-count")).isEqualTo("2");
        assertThat(driver.findElements(By.cssSelector("#charts svg"))).hasSize(4);
        // Live by push: the charts are redrawn from new samples while the page stays open, and the
        // browser sent no request to Vaadin's UIDL endpoint meanwhile (no polling): the redraw
        // arrived over the push connection.
        // The first redraw waits out the navigation's own UIDL round trip; the next two (4 s, two poll
        // intervals of the old console) are counted.
        waitForChartsToChange();
        ((JavascriptExecutor) driver).executeScript(
                "performance.setResourceTimingBufferSize(100000); performance.clearResourceTimings()");
        waitForChartsToChange();
        waitForChartsToChange();
        wait.until(d -> requestsTo("v-r=push") > 0);
        assertThat(requestsTo("v-r=uidl")).isZero();
        // Push runs on Atmosphere's two small shared pools, not on threads of its own per connection:
        // the pools number their threads from 0, so no thread number reaches the pools' combined size
        // (other consoles this JVM ran may own pools of the same names, so the count is not checked).
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .filteredOn(name -> name.startsWith("Atmosphere-Shared-"))
                .allSatisfy(name -> assertThat(Integer.parseInt(name.substring("Atmosphere-Shared-".length())))
                        .isLessThan(2 * 2));
        assertThat(innerHtml("#charts")).contains("Produce requests", "Fetch requests", "WAL fsync p99",
                "Metadata replication lag");
        screenshot("overview");

        driver.findElement(By.cssSelector("vaadin-side-nav-item[path='plugins']")).click();
        assertThat(waitForCells("#plugins")).contains("disruptor", "web");
        screenshot("plugins");
        driver.findElement(By.cssSelector("vaadin-side-nav-item[path='configuration']")).click();
        assertThat(waitForCells("#configuration")).contains("cluster.id", "console.listener");
        screenshot("configuration");
        type("vaadin-text-field input", "console.web.user");
        wait.until(d -> cells("#configuration").containsAll(List.of("console.web.user.root", "********")));
    }

    @Test
    @Order(4)
    void adminDeletesTheTopicAfterConfirming() throws Exception {
        driver.findElement(By.cssSelector("vaadin-side-nav-item[path='topics']")).click();
        wait.until(d -> cells("#topics").contains(TOPIC));
        click("vaadin-button.delete-topic[data-topic='" + TOPIC + "']");
        click("vaadin-confirm-dialog vaadin-button[slot='confirm-button'], vaadin-button[slot='confirm-button']");
        wait.until(d -> !cells("#topics").contains(TOPIC) && cells("#topics").contains("__consumer_offsets"));
        assertThat(node.send("GET", "/api/v1/topics/" + TOPIC, Optional.empty(), Optional.of(RunningNode.admin()))
                .statusCode()).isEqualTo(404);
        signOut();
    }

    @Test
    @Order(5)
    void aViewerSeesNoChangeButtons() throws Exception {
        driver.get(base + "/topics");
        wait.until(ExpectedConditions.urlToBe(base + "/login"));
        signIn(RunningNode.VIEWER, RunningNode.VIEWER_PASSWORD);
        wait.until(ExpectedConditions.urlToBe(base + "/topics"));
        assertThat(waitForCells("#topics")).contains("__consumer_offsets");
        assertThat(driver.findElements(By.id("create-topic"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector(".delete-topic"))).isEmpty();

        driver.get(base + "/topics/__consumer_offsets");
        assertThat(waitForCells("#partitions")).contains("High watermark", "0", "1");
        List<String> tabs = driver.findElements(By.tagName("vaadin-tab")).stream().map(WebElement::getText).toList();
        assertThat(tabs).containsExactly("Partitions", "Messages", "Configuration");
        assertThat(driver.findElements(By.id("add-partitions"))).isEmpty();
        tab("Configuration");
        assertThat(waitForCells("#topic-configs")).contains("retention.ms");
        assertThat(driver.findElements(By.cssSelector("#topic-configs vaadin-button"))).isEmpty();

        driver.get(base + "/groups/" + GROUP);
        assertThat(textOf("#group-summary")).contains("total lag");
        assertThat(driver.findElements(By.id("reset-offsets"))).isEmpty();
        assertThat(driver.findElements(By.id("delete-group"))).isEmpty();
        assertThat(driver.findElement(By.tagName("vaadin-app-layout")).getText()).contains("watcher (viewer)");

        // The session authorizes reads for REST; a change always needs Basic credentials, and a viewer's get 403.
        Cookie session = driver.manage().getCookieNamed("JSESSIONID");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(fetch("/api/v1/topics")).startsWith("200 [");
        assertThat(node.send("POST", "/api/v1/topics", Optional.of("{\"name\":\"x\"}"),
                Optional.of(RunningNode.viewer())).statusCode()).isEqualTo(403);
        signOut();
        driver.get(base + "/groups");
        wait.until(ExpectedConditions.urlToBe(base + "/login"));
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

    private static void signOut() {
        driver.findElements(By.tagName("vaadin-button")).stream()
                .filter(button -> button.getText().contains("Sign out"))
                .findFirst().orElseThrow().click();
        wait.until(ExpectedConditions.urlToBe(base + "/login"));
    }

    private static void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    private static void type(String css, String text) {
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
        field.sendKeys(Keys.TAB);
    }

    private static void tab(String label) {
        wait.until(d -> d.findElements(By.tagName("vaadin-tab")).stream()
                .filter(tab -> tab.getText().equals(label)).findFirst().orElse(null)).click();
    }

    private static String textOf(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css))).getText();
    }

    private static void waitForChartsToChange() {
        String before = innerHtml("#charts");
        wait.until(d -> !innerHtml("#charts").equals(before));
    }

    /** How many requests this page sent so far whose URL contains {@code marker}. */
    private static long requestsTo(String marker) {
        return (Long) ((JavascriptExecutor) driver).executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).length",
                marker);
    }

    private static String innerHtml(String css) {
        return String.valueOf(((JavascriptExecutor) driver).executeScript(
                "return document.querySelector(arguments[0]).innerHTML", css));
    }

    /** The texts of a grid's cells once its rows are rendered (cells are light DOM). */
    private static List<String> waitForCells(String gridCss) {
        return wait.until(d -> {
            List<String> cells = cells(gridCss);
            return cells.size() > 6 ? cells : null;
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

    /** Status and body of a same-origin fetch from the current page, with the page's cookies. */
    private static String fetch(String path) {
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.text().then(t => done(r.status + ' ' + t)));""", path);
        return String.valueOf(result);
    }

    private static void screenshot(String name) throws Exception {
        Path screens = Path.of("target", "browser-screens");
        Files.createDirectories(screens);
        Files.write(screens.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        Files.writeString(screens.resolve("README.txt"), "Screenshots from ConsoleBrowserIT; copy to docs/img/.\n",
                StandardCharsets.UTF_8);
    }
}
