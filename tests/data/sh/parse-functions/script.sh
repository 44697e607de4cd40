greet() { echo "hello $1, $# args"; }
greet world a b
f() {
  local v=inner
  echo "in f: $v"
  return 3
}
v=outer
f; echo "status $? v=$v"
