console.log("app v2")
