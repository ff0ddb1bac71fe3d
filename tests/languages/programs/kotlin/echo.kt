fun main() {
    print(System.`in`.readBytes().toString(Charsets.UTF_8))
}
