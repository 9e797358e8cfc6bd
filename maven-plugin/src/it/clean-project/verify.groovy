// the build passed (invoker.properties), its test ran under the agent, and check read a clean report
def log = new File(basedir, 'build.log').text
assert log.contains('argLine set to -javaagent:')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')
assert log.contains('connlens: 1 report, 0 findings')
assert !log.contains('connlens agent is not loaded')
def reports = new File(basedir, 'target/connlens').listFiles().findAll { it.name ==~ /connlens-\d+-.*\.json/ }
assert reports.size() == 1
assert reports[0].text.contains('"suppressedErrors": 0')
assert new File(basedir, 'target/connlens/index.html').text.contains('passed')
return true
