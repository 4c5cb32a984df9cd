package io.lodestone.server.config;

import io.lodestone.engine.EngineConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The server's settings (the redis.conf directives that concern the network layer and process).
 * Engine tunables live in {@link EngineConfig}, reached from here. Defaults come from the
 * directive table ({@link Directives}), so a new ServerConfig is Redis's default configuration.
 * Fields that CONFIG SET may change at runtime are volatile: connections read them unlocked.
 */
public final class ServerConfig {
    private volatile int port;
    private volatile List<String> bind;
    private int tcpBacklog;
    private volatile boolean protectedMode;
    private String enableProtectedConfigs;
    private volatile String requirepass;
    private volatile int maxclients;
    private volatile int timeout;
    private volatile int tcpKeepalive;
    private volatile long clientQueryBufferLimit;
    private volatile OutputBufferLimits clientOutputBufferLimits;
    private int ioThreads;
    private int databases;
    private volatile String dir;
    private boolean daemonize;
    private String pidfile;
    private String logfile;
    private String loglevel;
    private String enableDebugCommand;
    /** Absolute path of the config file we were started with (CONFIG REWRITE), or null. */
    private volatile String configFile;
    private EngineConfig engine;

    public ServerConfig() {
        for (Directive<?> d : Directives.SERVER) {
            d.applyDefault(this);
        }
    }

    /** The engine settings; created once {@code databases} is known, with the table's defaults. */
    public synchronized EngineConfig engine() {
        if (engine == null) {
            engine = new EngineConfig(databases);
            engine.setDir(dir);
            for (Directive<?> d : Directives.ENGINE) {
                d.applyDefault(this);
            }
        }
        return engine;
    }

    public int port() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    /** Addresses to listen on; a leading '-' marks one that may be unavailable (Redis 7). */
    public List<String> bind() {
        return bind;
    }

    public void setBind(List<String> bind) {
        this.bind = List.copyOf(bind);
    }

    /** The listen backlog (tcp-backlog). */
    public int tcpBacklog() {
        return tcpBacklog;
    }

    public void setTcpBacklog(int tcpBacklog) {
        this.tcpBacklog = tcpBacklog;
    }

    public boolean protectedMode() {
        return protectedMode;
    }

    public void setProtectedMode(boolean protectedMode) {
        this.protectedMode = protectedMode;
    }

    /** Whether CONFIG SET may change protected directives (dir): no, yes, or local (loopback clients only). */
    public String enableProtectedConfigs() {
        return enableProtectedConfigs;
    }

    public void setEnableProtectedConfigs(String value) {
        this.enableProtectedConfigs = value;
    }

    public String requirepass() {
        return requirepass;
    }

    public void setRequirepass(String requirepass) {
        this.requirepass = requirepass;
    }

    public boolean requiresAuth() {
        return !requirepass.isEmpty();
    }

    public int maxclients() {
        return maxclients;
    }

    public void setMaxclients(int maxclients) {
        this.maxclients = maxclients;
    }

    /** Seconds of inactivity after which a client is closed; 0 = never. */
    public int timeout() {
        return timeout;
    }

    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public int tcpKeepalive() {
        return tcpKeepalive;
    }

    public void setTcpKeepalive(int tcpKeepalive) {
        this.tcpKeepalive = tcpKeepalive;
    }

    public long clientQueryBufferLimit() {
        return clientQueryBufferLimit;
    }

    public void setClientQueryBufferLimit(long clientQueryBufferLimit) {
        this.clientQueryBufferLimit = clientQueryBufferLimit;
    }

    /** client-output-buffer-limit, every class set. */
    public OutputBufferLimits clientOutputBufferLimits() {
        return clientOutputBufferLimits;
    }

    /** Changes the classes {@code limits} names, keeping the others. */
    public void setClientOutputBufferLimits(OutputBufferLimits limits) {
        OutputBufferLimits current = clientOutputBufferLimits;
        this.clientOutputBufferLimits = current == null ? OutputBufferLimits.DEFAULT.with(limits) : current.with(limits);
    }

    /** io-threads: the number of network I/O threads (Netty workers). */
    public int ioThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public int databases() {
        return databases;
    }

    /** Only before the engine settings were created (startup). */
    public synchronized void setDatabases(int databases) {
        if (engine != null) {
            throw new IllegalStateException("databases is fixed once the engine exists");
        }
        this.databases = databases;
    }

    /** The working directory, absolute: relative file names (pidfile, logfile, dumps) resolve against it. */
    public String dir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
        synchronized (this) {
            if (engine != null) {
                engine.setDir(dir); // the RDB file lives there
            }
        }
    }

    /** A file name as the server uses it: relative names are relative to {@link #dir()}, as after Redis's chdir. */
    public Path resolve(String fileName) {
        return Path.of(dir).resolve(fileName);
    }

    public boolean daemonize() {
        return daemonize;
    }

    public void setDaemonize(boolean daemonize) {
        this.daemonize = daemonize;
    }

    public String pidfile() {
        return pidfile;
    }

    public void setPidfile(String pidfile) {
        this.pidfile = pidfile;
    }

    public String logfile() {
        return logfile;
    }

    public void setLogfile(String logfile) {
        this.logfile = logfile;
    }

    /** Who may run DEBUG: no, yes, or local (loopback clients only). */
    public String enableDebugCommand() {
        return enableDebugCommand;
    }

    public void setEnableDebugCommand(String value) {
        this.enableDebugCommand = value;
    }

    public String loglevel() {
        return loglevel;
    }

    public void setLoglevel(String loglevel) {
        this.loglevel = loglevel;
    }

    /** The config file's absolute path, or null when started without one (CONFIG REWRITE then fails). */
    public String configFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }
}
