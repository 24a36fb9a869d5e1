package io.github.mcpsessions.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The demo scripts in examples/ print PASS, run exactly as README tells users to run them. */
class DemoScriptsIT {

	private static final Path SCRIPTS = Path.of(System.getProperty("example.scripts", "."));

	@ParameterizedTest(name = "{0} --store {1}")
	@CsvSource({ "demo-restart.sh, h2", "demo-restart.sh, postgres", "demo-restart.sh, redis",
			"demo-replicas.sh, postgres", "demo-replicas.sh, redis", "demo-cart.sh, h2", "demo-cart.sh, postgres",
			"demo-cart.sh, redis", "demo-tasks.sh, postgres", "demo-tasks.sh, redis", "demo-restart.sh, spring-h2",
			"demo-restart.sh, spring-postgres" })
	void demoPrintsPass(String script, String store) throws Exception {
		if (store.startsWith("spring-")) {
			demoPrintsPassAgainstTheSpringExample(script, store.substring("spring-".length()));
			return;
		}
		List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(script).toString(), "--store", store));
		if (store.equals("postgres")) {
			TestServices.postgres().close();
			command.addAll(List.of("--jdbc-url", TestServices.JDBC_URL));
		}
		if (store.equals("redis")) {
			TestServices.redis(commands -> commands.ping());
			command.addAll(List.of("--redis-url", TestServices.REDIS_URL));
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

		assertThat(output.lines().toList()).as(output).contains("PASS").doesNotContain("FAIL");
		assertThat(process.exitValue()).as(output).isZero();
	}

	/** The Spring AI example: the same script, its store given as Spring properties. */
	private void demoPrintsPassAgainstTheSpringExample(String script, String store) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(script).toString()));
		if (store.equals("postgres")) {
			TestServices.postgres().close();
			command.add("--jdbc-url=" + TestServices.JDBC_URL);
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("DEMO_JAR", System.getProperty("spring.example.jar"));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

		assertThat(output.lines().toList()).as(output).contains("PASS");
		assertThat(process.exitValue()).as(output).isZero();
	}

}
