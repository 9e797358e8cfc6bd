// The leak and the N+1 fail their tests by name with the code that caused them, the correct tests
// pass, no test JVM is ended by the agent, and check fails the build naming the report.
def log = new File(basedir, 'build.log').text
def source = new File(basedir, 'src/main/java/com/example/orders/OrderRepository.java').readLines()
def lineOf = { marker -> source.findIndexOf { it.contains(marker) } + 1 }
def acquire = "com.example.orders.OrderRepository.customerOfLeaking(OrderRepository.java:${lineOf('// ACQUIRE:leak')})"
def nPlusOne = "com.example.orders.OrderRepository.customersOneByOne(OrderRepository.java:${lineOf('// N+1:customers')})"

assert log.contains('Tests run: 3, Failures: 2, Errors: 0, Skipped: 0')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.contains('findsACustomerButLeaks')
assert log.contains('connlens: this test left 1 connection open')
assert log.contains("acquired at ${acquire}")
assert log.contains('listsCustomersOneQueryEach')
assert log.contains('connlens: N_PLUS_ONE during this test (fail.on)')
assert log.contains("at ${nPlusOne}")
assert !log.contains('The forked VM terminated')
assert !log.contains('There was an error in the forked process')

// check: the tests it failed, the findings, and the build's failure
assert log.contains('connlens: 2 reports')
assert log.contains("com.example.orders.OrderRepositoryTest.findsACustomerButLeaks()  OPEN_AT_TEST_END  at ${acquire}")
assert log.contains("com.example.orders.OrderRepositoryTest.listsCustomersOneQueryEach()  N_PLUS_ONE  at ${nPlusOne}")
assert log =~ /Failed to execute goal io\.connlens:connlens-maven-plugin:[^:]+:check .*connlens: findings of type [A-Z_, ]*N_PLUS_ONE[A-Z_, ]* \(fail\.on\) in .*connlens-\d+-/

def xml = new File(basedir, 'target/surefire-reports/TEST-com.example.orders.OrderRepositoryTest.xml').text
assert xml.contains('<testcase name="findsACustomerButLeaks"')
assert (xml =~ /<testcase name="findsACustomerButLeaks"[^>]*>\s*<failure/).find()
assert !(xml =~ /<testcase name="findsACustomer"[^>]*>\s*<failure/).find()
def reports = new File(basedir, 'target/connlens').listFiles().findAll { it.name ==~ /connlens-\d+-.*\.json/ }
assert reports.size() == 2
reports.each { assert it.text.contains('"suppressedErrors": 0') }
// the HTML page, written before check failed the build
def html = new File(basedir, 'target/connlens/index.html').text
assert html.contains('FAILED')
assert html.contains('com.example.orders.OrderRepositoryTest.findsACustomerButLeaks()')
assert html.contains(acquire)
assert !html.contains('<script')
return true
