using System;

public class Program {
  public static void Main() {
    Console.Write(Console.In.ReadToEnd());
  }
}
