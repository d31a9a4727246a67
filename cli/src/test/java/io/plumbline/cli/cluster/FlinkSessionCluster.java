package io.plumbline.cli.cluster;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Flink 2.2 session cluster of separate JVMs, started from the Maven Central jars on this test's class path
 * as the distribution's scripts start them: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and
 * TaskManagers ({@code TaskManagerRunner}, with the memory flags {@code BashJavaUtils} computes), jobs
 * submitted with {@code CliFrontend run} as {@code flink run} does. Its REST API answers on
 * {@link #restPort}.
 */
final class FlinkSessionCluster implements AutoCloseable {

    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final String classPath;
    private final int restPort;
    private final JvmProcess jobManager;
    private final List<JvmProcess> taskManagers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private FlinkSessionCluster(Path home, String classPath, int restPort, JvmProcess jobManager) {
        this.home = home;
        this.classPath = classPath;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each, in {@code home},
     * restarting failed jobs with a fixed delay; returns once every TaskManager has registered.
     */
    static FlinkSessionCluster start(Path home, int taskManagers, int slots, int rpcPort, int restPort)
            throws Exception {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/config.yaml"), """
                jobmanager:
                  rpc: { address: 127.0.0.1, port: %d }
                  bind-host: 127.0.0.1
                  memory: { process: { size: 1024m } }
                taskmanager:
                  host: 127.0.0.1
                  bind-host: 127.0.0.1
                  numberOfTaskSlots: %d
                  memory: { process: { size: 1280m }, managed: { fraction: 0.05 } }
                rest: { address: 127.0.0.1, bind-address: 127.0.0.1, port: %d }
                restart-strategy: { type: fixed-delay, fixed-delay: { attempts: 20, delay: 1s } }
                heartbeat: { interval: 2000, timeout: 10000 }
                """.formatted(rpcPort, slots, restPort));
        Files.writeString(home.resolve("conf/log4j.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = File
                appender.file.name = File
                appender.file.type = File
                appender.file.fileName = ${sys:log.file}
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n
                """);
        String classPath = flinkClassPath();
        JvmProcess jobManager = JvmProcess.start("the JobManager", logging(home, "jobmanager"),
                List.of("-Xmx512m", "-cp", classPath,
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        "--configDir", home.resolve("conf").toString()),
                home.resolve("log/jobmanager.out"));
        FlinkSessionCluster cluster = new FlinkSessionCluster(home, classPath, restPort, jobManager);
        for (int i = 0; i < taskManagers; i++) {
            cluster.startTaskManager();
        }
        cluster.awaitTaskManagers(taskManagers);
        return cluster;
    }

    /**
     * The class path of a Flink distribution's lib/: Flink and what it needs, from this test's class path,
     * without our modules and without the Kafka connector and clients, which the job jar brings (on both, they
     * would be loaded twice and clash).
     */
    private static String flinkClassPath() {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(testClassPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .filter(entry -> !entry.contains("io/plumbline") && !entry.contains("flink-connector-kafka")
                        && !entry.contains("flink-connector-base") && !entry.contains("org/apache/kafka/")
                        && !entry.contains("junit") && !entry.contains("assertj") && !entry.contains("surefire"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static List<String> logging(Path home, String name) {
        return List.of("-Dlog.file=" + home.resolve("log/" + name + ".log"),
                "-Dlog4j.configurationFile=" + home.resolve("conf/log4j.properties").toUri());
    }

    /** Starts one more TaskManager, as a process supervisor would after a crash. */
    void startTaskManager() throws Exception {
        int n = taskManagers.size() + 1;
        JvmProcess utils = JvmProcess.start("BashJavaUtils", List.of("-cp", classPath),
                List.of("org.apache.flink.runtime.util.bash.BashJavaUtils", "GET_TM_RESOURCE_PARAMS",
                        "--configDir", home.resolve("conf").toString()),
                home.resolve("log/taskmanager-" + n + "-params.out"));
        utils.awaitExit(Duration.ofSeconds(60));
        List<String> results = utils.output().lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
        if (results.size() < 2) {
            throw new IllegalStateException("BashJavaUtils gave no TaskManager parameters:\n" + utils.output());
        }
        List<String> jvm = new ArrayList<>(logging(home, "taskmanager-" + n));
        jvm.addAll(Arrays.asList(results.get(0).trim().split("\\s+")));
        List<String> main = new ArrayList<>(List.of("-cp", classPath,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", home.resolve("conf").toString()));
        main.addAll(Arrays.asList(results.get(1).trim().split("\\s+")));
        taskManagers.add(JvmProcess.start("TaskManager " + n, jvm, main, home.resolve("log/taskmanager-" + n + ".out")));
    }

    /** Kills TaskManager {@code index} (from 0, in start order) with SIGKILL. */
    void killTaskManager(int index) throws InterruptedException {
        taskManagers.get(index).kill();
    }

    /** Submits {@code mainClass} of {@code jar} detached, as {@code flink run -d}; its job id. */
    String submit(Path jar, String mainClass, List<String> args) throws Exception {
        List<String> main = new ArrayList<>(List.of("-cp", classPath, "org.apache.flink.client.cli.CliFrontend",
                "run", "-d", "-m", "127.0.0.1:" + restPort, "-c", mainClass, jar.toString()));
        main.addAll(args);
        Path log = home.resolve("log/submit-" + mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-"
                + System.nanoTime() + ".out");
        // The client finds the cluster's config (and its log settings) where flink run does.
        JvmProcess client = JvmProcess.start("flink run", logging(home, "client"), main,
                Map.of("FLINK_CONF_DIR", home.resolve("conf").toString()), log);
        int exit = client.awaitExit(Duration.ofMinutes(2));
        Matcher id = JOB_ID.matcher(client.output());
        if (exit != 0 || !id.find()) {
            throw new IllegalStateException("flink run failed (" + exit + "):\n" + client.output() + "\n"
                    + Files.readString(home.resolve("log/client.log")));
        }
        return id.group(1);
    }

    /** The job's state, such as RUNNING or RESTARTING. */
    String state(String jobId) throws Exception {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** How many times the job has restored a checkpoint. */
    long restored(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("restored").asLong();
    }

    void cancel(String jobId) throws Exception {
        http.send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!state(jobId).equals("CANCELED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + jobId + " was not cancelled within 60 s");
            }
            Thread.sleep(200);
        }
    }

    private void awaitTaskManagers(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                if (get("/overview").path("taskmanagers").asInt() >= count) {
                    return;
                }
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not have " + count + " TaskManagers within 120 s:\n"
                        + jobManager.output());
            }
            Thread.sleep(500);
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    @Override
    public void close() throws Exception {
        for (JvmProcess taskManager : taskManagers) {
            taskManager.close();
        }
        jobManager.close();
    }
}
