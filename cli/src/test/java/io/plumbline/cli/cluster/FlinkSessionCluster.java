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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>It is highly available as Flink's standalone clusters can be: ZooKeeper (Flink's own
 * {@code FlinkZooKeeperQuorumPeer}, as {@code start-zookeeper-quorum.sh} runs it) elects the JobManager and
 * keeps the pointers to the jobs and their checkpoints, whose data lies in a directory. A JobManager started
 * after the last one died takes the jobs over from their latest checkpoints. Flink has no HA services that
 * keep everything in files alone.
 */
final class FlinkSessionCluster implements AutoCloseable {

    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final String classPath;
    private final int restPort;
    private final JvmProcess zooKeeper;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor();
    /** Guarded by this: the processes running now, and how many of each were started. */
    private JvmProcess jobManager;
    private final JvmProcess[] taskManagers;
    private int jobManagersStarted;
    private int taskManagersStarted;

    private FlinkSessionCluster(Path home, String classPath, int restPort, JvmProcess zooKeeper, int taskManagers) {
        this.home = home;
        this.classPath = classPath;
        this.restPort = restPort;
        this.zooKeeper = zooKeeper;
        this.taskManagers = new JvmProcess[taskManagers];
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers of {@code slots} slots each, in {@code home};
     * returns once every TaskManager has registered. From then on it supervises them as systemd or Kubernetes
     * would: a process that ends, killed or stopped by Flink itself, is started again.
     */
    static FlinkSessionCluster start(Path home, int taskManagers, int slots, int rpcPort, int restPort,
                                     int zooKeeperPort) throws Exception {
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
                high-availability:
                  type: zookeeper
                  storageDir: "%s"
                  # A new JobManager leads once the dead one's ZooKeeper session expires (60 s by default).
                  zookeeper: { quorum: "127.0.0.1:%d", client: { session-timeout: 15000 } }
                # Flink's default strategy, its longest pause cut from a minute: how long the jobs may wait to
                # start again after Kafka is back.
                restart-strategy: { type: exponential-delay, exponential-delay: { max-backoff: 10s } }
                heartbeat: { interval: 2000, timeout: 10000 }
                """.formatted(rpcPort, slots, restPort, home.resolve("ha").toUri(), zooKeeperPort));
        Files.writeString(home.resolve("conf/zoo.cfg"), """
                tickTime=2000
                initLimit=10
                syncLimit=5
                dataDir=%s
                clientPort=%d
                admin.enableServer=false
                """.formatted(home.resolve("zookeeper"), zooKeeperPort));
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
        JvmProcess zooKeeper = JvmProcess.start("ZooKeeper", logging(home, "zookeeper"),
                List.of("-Xmx128m", "-cp", classPath, "org.apache.flink.runtime.zookeeper.FlinkZooKeeperQuorumPeer",
                        "--zkConfigFile", home.resolve("conf/zoo.cfg").toString(), "--peerId", "1"),
                home.resolve("log/zookeeper.out"));
        FlinkSessionCluster cluster = new FlinkSessionCluster(home, classPath, restPort, zooKeeper, taskManagers);
        cluster.restartEnded();
        cluster.awaitTaskManagers(taskManagers);
        cluster.supervisor.scheduleWithFixedDelay(cluster::superviseOnce, 500, 500, TimeUnit.MILLISECONDS);
        return cluster;
    }

    private void superviseOnce() {
        try {
            restartEnded();
        } catch (Exception e) {
            throw new IllegalStateException("the supervisor could not start a Flink process", e);
        }
    }

    /** Starts the JobManager and each TaskManager that is not running. */
    private synchronized void restartEnded() throws Exception {
        if (jobManager == null || !jobManager.isAlive()) {
            int n = ++jobManagersStarted;
            jobManager = JvmProcess.start("JobManager " + n, logging(home, "jobmanager-" + n),
                    List.of("-Xmx512m", "-cp", classPath,
                            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                            "--configDir", home.resolve("conf").toString()),
                    home.resolve("log/jobmanager-" + n + ".out"));
        }
        for (int i = 0; i < taskManagers.length; i++) {
            if (taskManagers[i] == null || !taskManagers[i].isAlive()) {
                taskManagers[i] = startTaskManager(++taskManagersStarted);
            }
        }
    }

    /** Kills the JobManager with SIGKILL: its jobs live on in ZooKeeper and the HA directory only. */
    synchronized void killJobManager() throws InterruptedException {
        jobManager.kill();
    }

    /** How many TaskManagers were started again after one ended. */
    synchronized int taskManagerRestarts() {
        return taskManagersStarted - taskManagers.length;
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

    private JvmProcess startTaskManager(int n) throws Exception {
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
        return JvmProcess.start("TaskManager " + n, jvm, main, home.resolve("log/taskmanager-" + n + ".out"));
    }

    /** Kills the first TaskManager with SIGKILL. */
    synchronized void killTaskManager() throws InterruptedException {
        taskManagers[0].kill();
    }

    /**
     * Submits each of {@code mainClasses} of {@code jar} detached, as {@code flink run -d} does, all at once;
     * their job ids, in the same order.
     */
    List<String> submit(Path jar, List<String> mainClasses, List<String> args) throws Exception {
        List<JvmProcess> clients = new ArrayList<>();
        for (String mainClass : mainClasses) {
            List<String> main = new ArrayList<>(List.of("-cp", classPath, "org.apache.flink.client.cli.CliFrontend",
                    "run", "-d", "-m", "127.0.0.1:" + restPort, "-c", mainClass, jar.toString()));
            main.addAll(args);
            String name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
            // The client finds the cluster's config (and its log settings) where flink run does.
            clients.add(JvmProcess.start("flink run", logging(home, "client-" + name), main,
                    Map.of("FLINK_CONF_DIR", home.resolve("conf").toString()),
                    home.resolve("log/submit-" + name + "-" + System.nanoTime() + ".out")));
        }
        List<String> jobIds = new ArrayList<>();
        for (JvmProcess client : clients) {
            int exit = client.awaitExit(Duration.ofMinutes(2));
            Matcher id = JOB_ID.matcher(client.output());
            if (exit != 0 || !id.find()) {
                throw new IllegalStateException("flink run failed (" + exit + "):\n" + client.output());
            }
            jobIds.add(id.group(1));
        }
        return jobIds;
    }

    /** The job's state, such as RUNNING or RESTARTING. */
    String state(String jobId) throws Exception {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** How many times the job has restored a checkpoint. */
    long restored(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("restored").asLong();
    }

    /** When the job's latest completed checkpoint was acknowledged, in epoch milliseconds; 0 before the first. */
    long lastCheckpointMillis(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints").path("latest").path("completed").path("latest_ack_timestamp")
                .asLong();
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

    /** Writes every live process's threads beside its log, to see where a stuck job waits. */
    synchronized void dumpThreads() throws Exception {
        if (jobManager.isAlive()) {
            jobManager.dumpThreads();
        }
        for (JvmProcess taskManager : taskManagers) {
            if (taskManager.isAlive()) {
                taskManager.dumpThreads();
            }
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
        supervisor.shutdownNow();
        supervisor.awaitTermination(60, TimeUnit.SECONDS);
        synchronized (this) {
            for (JvmProcess taskManager : taskManagers) {
                taskManager.close();
            }
            jobManager.close();
        }
        zooKeeper.close();
    }
}
