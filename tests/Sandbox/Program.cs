Console.WriteLine("sandbox: not built yet");
